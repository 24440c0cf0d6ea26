package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name wimigrate gives the FIC for (issuer, service account). Deterministic, so a re-run finds
 * its own FIC instead of tripping over Azure's "issuer and subject combination already exists"; the
 * hash keeps names of different issuers or long names apart, the slug keeps them readable.
 */
public final class FederatedCredentialName {
  /** Azure: 3-120 characters, letters, digits, '-' and '_', starting with a letter or digit. */
  public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$";

  private static final Pattern VALID = Pattern.compile(PATTERN);
  private static final int HASH_CHARS = 16;
  private static final int SLUG_MAX = 120 - "wi-".length() - 1 - HASH_CHARS;

  private FederatedCredentialName() {}

  /** E.g. {@code wi-shop-cart-sa-3f2a9c0d1e4b5a67}. */
  public static String of(String issuer, String namespace, String serviceAccount) {
    Checks.httpsUrl("issuer", issuer);
    Checks.dnsLabel("namespace", namespace);
    Checks.dnsSubdomain("serviceAccount", serviceAccount);
    String slug = (namespace + "-" + serviceAccount).replace('.', '-');
    if (slug.length() > SLUG_MAX) {
      slug = slug.substring(0, SLUG_MAX).replaceAll("-+$", "");
    }
    return "wi-" + slug + "-" + sha256Hex(issuer + "|" + namespace + "|" + serviceAccount);
  }

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  static String check(String field, String name) {
    if (!isValid(Checks.notNull(field, name))) {
      throw new InvalidFieldException(
          field,
          "must be 3-120 letters, digits, '-' or '_' starting with a letter or digit, got "
              + Checks.quote(name));
    }
    return name;
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
