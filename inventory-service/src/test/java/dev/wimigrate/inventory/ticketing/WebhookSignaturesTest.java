package dev.wimigrate.inventory.ticketing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

  static final String SECRET = "whsec-7f3a9c";
  static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY =
      "{\"selector\":{\"clusterId\":\"aks-1\"}}".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final WebhookSignatures signatures =
      new WebhookSignatures(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

  /** Header lookup as HTTP does it: names are case-insensitive. */
  static Function<String, String> headers(String... nameValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put(nameValues[i], nameValues[i + 1]);
    }
    return map::get;
  }

  static byte[] tampered() {
    return "{\"selector\":{\"clusterId\":\"aks-2\"}}".getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class Wimigrate {
    final long ts = NOW.getEpochSecond();

    void verify(Function<String, String> headers, byte[] body) throws Exception {
      signatures.verify(SignatureScheme.WIMIGRATE, SECRET_BYTES, headers, body);
    }

    @Test
    void aBodySignedWithTheSecretAndAFreshTimestampIsAccepted() {
      assertThatCode(
              () ->
                  verify(
                      headers(
                          "x-wimigrate-signature",
                          Signing.wimigrate(SECRET, ts - 299, BODY),
                          "X-Wimigrate-Timestamp",
                          Long.toString(ts - 299)),
                      BODY))
          .doesNotThrowAnyException();
    }

    @Test
    void upperCaseHexIsTheSameSignature() {
      String upper =
          "sha256=" + Signing.wimigrate(SECRET, ts, BODY).substring(7).toUpperCase(Locale.ROOT);
      assertThatCode(
              () ->
                  verify(
                      headers("X-Wimigrate-Signature", upper, "X-Wimigrate-Timestamp", "" + ts),
                      BODY))
          .doesNotThrowAnyException();
    }

    @Test
    void aTamperedBodyIsRefused() {
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate(SECRET, ts, BODY),
                          "X-Wimigrate-Timestamp",
                          "" + ts),
                      tampered()))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage(
              "X-Wimigrate-Signature does not match the body: not signed with this webhook's"
                  + " secret, or altered");
    }

    @Test
    void anotherSecretIsRefused() {
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate("another-secret", ts, BODY),
                          "X-Wimigrate-Timestamp",
                          "" + ts),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-Wimigrate-Signature does not match the body");
    }

    @Test
    void theTimestampIsSignedSoMovingItBreaksTheSignature() {
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate(SECRET, ts - 3600, BODY),
                          "X-Wimigrate-Timestamp",
                          "" + ts),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-Wimigrate-Signature does not match the body");
    }

    @Test
    void aCorrectlySignedButStaleRequestIsRefusedAsAReplay() {
      long old = ts - 301;
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate(SECRET, old, BODY),
                          "X-Wimigrate-Timestamp",
                          "" + old),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage(
              "X-Wimigrate-Timestamp is 301 s behind the server's clock; at most 300 s are"
                  + " accepted (a replayed or delayed request is refused)");
    }

    @Test
    void aTimestampFromTheFutureIsRefusedToo() {
      long ahead = ts + 600;
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate(SECRET, ahead, BODY),
                          "X-Wimigrate-Timestamp",
                          "" + ahead),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-Wimigrate-Timestamp is 600 s ahead of the server's clock");
    }

    @Test
    void missingHeadersAreNamed() {
      assertThatThrownBy(() -> verify(headers("X-Wimigrate-Timestamp", "" + ts), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("missing header X-Wimigrate-Signature");
      assertThatThrownBy(
              () ->
                  verify(
                      headers("X-Wimigrate-Signature", Signing.wimigrate(SECRET, ts, BODY)), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("missing header X-Wimigrate-Timestamp");
    }

    @Test
    void malformedHeadersAreRefusedSayingTheExpectedForm() {
      assertThatThrownBy(
              () ->
                  verify(
                      headers("X-Wimigrate-Signature", "md5=abc", "X-Wimigrate-Timestamp", "" + ts),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("X-Wimigrate-Signature must be sha256=<64 hex digits of the HMAC-SHA256>");
      assertThatThrownBy(
              () ->
                  verify(
                      headers(
                          "X-Wimigrate-Signature",
                          Signing.wimigrate(SECRET, ts, BODY),
                          "X-Wimigrate-Timestamp",
                          "2026-03-01T12:00:00Z"),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage(
              "X-Wimigrate-Timestamp must be unix time in seconds, got '2026-03-01T12:00:00Z'");
    }
  }

  @Nested
  class Hub {
    void verify(Function<String, String> headers, byte[] body) throws Exception {
      signatures.verify(SignatureScheme.HUB, SECRET_BYTES, headers, body);
    }

    @Test
    void aBodySignedWithTheSecretIsAccepted() {
      assertThatCode(() -> verify(headers("X-Hub-Signature", Signing.hub(SECRET, BODY)), BODY))
          .doesNotThrowAnyException();
    }

    @Test
    void aTamperedBodyOrAnotherSecretIsRefused() {
      assertThatThrownBy(
              () -> verify(headers("X-Hub-Signature", Signing.hub(SECRET, BODY)), tampered()))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-Hub-Signature does not match the body");
      assertThatThrownBy(
              () -> verify(headers("X-Hub-Signature", Signing.hub("another", BODY)), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-Hub-Signature does not match the body");
    }

    @Test
    void aMissingOrSha1SignatureIsRefused() {
      assertThatThrownBy(() -> verify(headers(), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("missing header X-Hub-Signature");
      assertThatThrownBy(
              () ->
                  verify(
                      headers("X-Hub-Signature", "sha1=0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33"),
                      BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("X-Hub-Signature must be sha256=<64 hex digits of the HMAC-SHA256>");
    }
  }

  @Nested
  class ServiceNow {
    void verify(Function<String, String> headers, byte[] body) throws Exception {
      signatures.verify(SignatureScheme.SERVICENOW, SECRET_BYTES, headers, body);
    }

    @Test
    void aBodySignedWithTheSecretIsAccepted() {
      assertThatCode(
              () ->
                  verify(headers("X-ServiceNow-Signature", Signing.serviceNow(SECRET, BODY)), BODY))
          .doesNotThrowAnyException();
    }

    @Test
    void aTamperedBodyOrAnotherSecretIsRefused() {
      assertThatThrownBy(
              () ->
                  verify(
                      headers("X-ServiceNow-Signature", Signing.serviceNow(SECRET, BODY)),
                      tampered()))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-ServiceNow-Signature does not match the body");
      assertThatThrownBy(
              () ->
                  verify(
                      headers("X-ServiceNow-Signature", Signing.serviceNow("another", BODY)), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessageStartingWith("X-ServiceNow-Signature does not match the body");
    }

    @Test
    void aMissingOrNonBase64SignatureIsRefused() {
      assertThatThrownBy(() -> verify(headers(), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("missing header X-ServiceNow-Signature");
      assertThatThrownBy(() -> verify(headers("X-ServiceNow-Signature", "not base64!"), BODY))
          .isInstanceOf(SignatureRejectedException.class)
          .hasMessage("X-ServiceNow-Signature must be the base64 HMAC-SHA256 of the body");
    }
  }

  @Test
  void aSignatureOfAnotherSchemeDoesNotPass() {
    // a Jira-style signature sent to the generic webhook
    assertThatThrownBy(
            () ->
                signatures.verify(
                    SignatureScheme.WIMIGRATE,
                    SECRET_BYTES,
                    headers("X-Hub-Signature", Signing.hub(SECRET, BODY)),
                    BODY))
        .isInstanceOf(SignatureRejectedException.class)
        .hasMessage("missing header X-Wimigrate-Signature");
  }
}
