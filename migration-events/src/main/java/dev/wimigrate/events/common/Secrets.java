package dev.wimigrate.events.common;

import java.util.regex.Pattern;

/**
 * Keeps tokens off the topics. A JWT (service account token, client assertion, access token) is
 * three base64url segments whose first one starts with {@code eyJ} (base64 of <code>{"</code>).
 */
public final class Secrets {
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  public static final String REDACTED = "[REDACTED-JWT]";

  private Secrets() {}

  public static boolean containsJwt(String text) {
    return text != null && JWT.matcher(text).find();
  }

  /** Replaces every JWT-looking substring, so that e.g. an exception message can be reported. */
  public static String redactJwts(String text) {
    return text == null ? null : JWT.matcher(text).replaceAll(REDACTED);
  }
}
