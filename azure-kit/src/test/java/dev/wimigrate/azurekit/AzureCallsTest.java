package dev.wimigrate.azurekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class AzureCallsTest {

  /** An ARM answer with a status and headers, as the SDK hands it to its exceptions. */
  static HttpResponse answer(int status, HttpHeaders headers) {
    return new HttpResponse(new HttpRequest(HttpMethod.GET, "https://management.azure.com/x")) {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      @Deprecated
      public String getHeaderValue(String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }

      @Override
      public Flux<ByteBuffer> getBody() {
        return Flux.empty();
      }

      @Override
      public Mono<byte[]> getBodyAsByteArray() {
        return Mono.empty();
      }

      @Override
      public Mono<String> getBodyAsString() {
        return Mono.empty();
      }

      @Override
      public Mono<String> getBodyAsString(Charset charset) {
        return Mono.empty();
      }
    };
  }

  @Test
  void anArmErrorBecomesItsStatusCodeMessageAndRetryAfter() {
    HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "7");
    ManagementException throttled =
        new ManagementException(
            "throttled",
            answer(429, headers),
            new ManagementError("SubscriptionRequestsThrottled", "Number of 'read' requests"));

    assertThatThrownBy(
            () ->
                AzureCalls.call(
                    "get identity",
                    () -> {
                      throw throttled;
                    }))
        .isInstanceOfSatisfying(
            AzureCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("SubscriptionRequestsThrottled");
              assertThat(e.getMessage()).isEqualTo("get identity: Number of 'read' requests");
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              assertThat(e.isTransient()).isTrue();
            });
  }

  @Test
  void aNotFoundIsPermanent() {
    ManagementException missing =
        new ManagementException(
            "missing",
            answer(404, new HttpHeaders()),
            new ManagementError("ResourceNotFound", "The Resource was not found."));

    assertThatThrownBy(
            () ->
                AzureCalls.call(
                    "get",
                    () -> {
                      throw missing;
                    }))
        .isInstanceOfSatisfying(
            AzureCallException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.isTransient()).isFalse();
              assertThat(e.retryAfter()).isEmpty();
            });
  }

  @Test
  void anIoFailureDeepInsideTheSdksWrappingIsNoAnswerAndTransient() {
    RuntimeException wrapped =
        new IllegalStateException(new UncheckedIOException(new IOException("connection reset")));

    assertThatThrownBy(
            () ->
                AzureCalls.call(
                    "list",
                    () -> {
                      throw wrapped;
                    }))
        .isInstanceOfSatisfying(
            AzureCallException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.code()).isEqualTo("NoResponse");
              assertThat(e.isTransient()).isTrue();
            });
  }

  @Test
  void aBugThatIsNotAzuresAnswerIsThrownAsItIs() {
    IllegalArgumentException bug = new IllegalArgumentException("bad URI");

    assertThatThrownBy(
            () ->
                AzureCalls.call(
                    "list",
                    () -> {
                      throw bug;
                    }))
        .isSameAs(bug);
  }

  @Test
  void aPrincipalEntraHasNotReplicatedYetIsWorthRetrying() {
    assertThat(
            new AzureCallException(400, AzureCallException.PRINCIPAL_NOT_FOUND, "not yet", null)
                .isTransient())
        .isTrue();
    assertThat(new AzureCallException(400, "InvalidPrincipalId", "bad", null).isTransient())
        .isFalse();
  }

  @Test
  void retryAfterIsReadInSecondsAndAnHttpDateIsIgnored() {
    assertThat(AzureCalls.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
    assertThat(AzureCalls.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
    assertThat(AzureCalls.retryAfter(null)).isNull();
  }
}
