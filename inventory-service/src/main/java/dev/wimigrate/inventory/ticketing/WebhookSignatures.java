package dev.wimigrate.inventory.ticketing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook request was signed with the source system's secret (HMAC-SHA256 over the
 * raw body, see {@link SignatureScheme}). MACs are compared in constant time ({@link
 * MessageDigest#isEqual}); messages name headers and problems, never secrets or MACs.
 */
public final class WebhookSignatures {

  public static final String WIMIGRATE_SIGNATURE = "X-Wimigrate-Signature";
  public static final String WIMIGRATE_TIMESTAMP = "X-Wimigrate-Timestamp";
  public static final String HUB_SIGNATURE = "X-Hub-Signature";
  public static final String SERVICENOW_SIGNATURE = "X-ServiceNow-Signature";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SHA256_PREFIX = "sha256=";
  private static final Pattern HEX_MAC = Pattern.compile("^[0-9a-fA-F]{64}$");

  private final Clock clock;
  private final Duration tolerance;

  /**
   * @param tolerance how far {@code X-Wimigrate-Timestamp} may be from the clock, either way
   */
  public WebhookSignatures(Clock clock, Duration tolerance) {
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("signature tolerance must be positive, got " + tolerance);
    }
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /**
   * @param headers the request's header value by name (case-insensitive), {@code null} if absent
   * @throws SignatureRejectedException saying what is wrong
   */
  public void verify(
      SignatureScheme scheme, byte[] secret, Function<String, String> headers, byte[] body)
      throws SignatureRejectedException {
    switch (scheme) {
      case WIMIGRATE -> verifyTimestamped(secret, headers, body);
      case HUB -> {
        byte[] given = hexMac(HUB_SIGNATURE, header(headers, HUB_SIGNATURE));
        requireEqual(HUB_SIGNATURE, given, hmac(secret, body));
      }
      case SERVICENOW -> {
        String value = header(headers, SERVICENOW_SIGNATURE);
        byte[] given;
        try {
          given = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
          throw new SignatureRejectedException(
              SERVICENOW_SIGNATURE + " must be the base64 HMAC-SHA256 of the body");
        }
        requireEqual(SERVICENOW_SIGNATURE, given, hmac(secret, body));
      }
    }
  }

  private void verifyTimestamped(byte[] secret, Function<String, String> headers, byte[] body)
      throws SignatureRejectedException {
    byte[] given = hexMac(WIMIGRATE_SIGNATURE, header(headers, WIMIGRATE_SIGNATURE));
    String timestamp = header(headers, WIMIGRATE_TIMESTAMP).trim();
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new SignatureRejectedException(
          WIMIGRATE_TIMESTAMP
              + " must be unix time in seconds, got '"
              + printable(timestamp)
              + "'");
    }
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    requireEqual(WIMIGRATE_SIGNATURE, given, hmac(secret, signed));
    long skew = clock.instant().getEpochSecond() - seconds;
    if (Math.abs(skew) > tolerance.toSeconds()) {
      throw new SignatureRejectedException(
          WIMIGRATE_TIMESTAMP
              + " is "
              + Math.abs(skew)
              + " s "
              + (skew > 0 ? "behind" : "ahead of")
              + " the server's clock; at most "
              + tolerance.toSeconds()
              + " s are accepted (a replayed or delayed request is refused)");
    }
  }

  /** HMAC-SHA256 of {@code data} with {@code secret}. */
  public static byte[] hmac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String header(Function<String, String> headers, String name)
      throws SignatureRejectedException {
    String value = headers.apply(name);
    if (value == null || value.isBlank()) {
      throw new SignatureRejectedException("missing header " + name);
    }
    return value;
  }

  private static byte[] hexMac(String header, String value) throws SignatureRejectedException {
    String trimmed = value.trim();
    String hex =
        trimmed.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())
            ? trimmed.substring(SHA256_PREFIX.length())
            : null;
    if (hex == null || !HEX_MAC.matcher(hex).matches()) {
      throw new SignatureRejectedException(
          header + " must be sha256=<64 hex digits of the HMAC-SHA256>");
    }
    return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
  }

  private static void requireEqual(String header, byte[] given, byte[] expected)
      throws SignatureRejectedException {
    if (!MessageDigest.isEqual(given, expected)) {
      throw new SignatureRejectedException(
          header + " does not match the body: not signed with this webhook's secret, or altered");
    }
  }

  private static String printable(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
