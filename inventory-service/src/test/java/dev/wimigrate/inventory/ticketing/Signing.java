package dev.wimigrate.inventory.ticketing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a ticketing system does to sign a request, written apart from the code under test. */
public final class Signing {

  private Signing() {}

  public static byte[] hmacSha256(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code X-Wimigrate-Signature} for a body sent at {@code timestamp} (unix seconds). */
  public static String wimigrate(String secret, long timestamp, byte[] body) {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, signed));
  }

  /** {@code X-Hub-Signature} as Jira sends it. */
  public static String hub(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
  }

  /** {@code X-ServiceNow-Signature}. */
  public static String serviceNow(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(hmacSha256(secret, body));
  }
}
