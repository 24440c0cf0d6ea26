package dev.wimigrate.inventory.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackCredentialsTest {

  final CallbackCredentials jira =
      CallbackCredentials.bearer(URI.create("https://jira.example.com/jira/"), "tok");

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "https://jira.example.com/jira/rest/api/2/issue/OPS-1/comment, true",
    "https://JIRA.example.com:443/jira, true",
    "https://jira.example.com/jira-other/rest, false",
    "https://jira.example.com/rest/api/2/issue/OPS-1/comment, false",
    "https://jira.example.com.evil.net/jira/rest, false",
    "https://jira.example.com:8443/jira/rest, false",
    "http://jira.example.com/jira/rest, false",
    "https://someone@jira.example.com/jira/rest, false",
  })
  void credentialsGoOnlyToTheSameOriginUnderTheBasePath(String url, boolean applies) {
    assertThat(jira.appliesTo(URI.create(url))).isEqualTo(applies);
  }

  @Test
  void theSecretIsNeverInItsTextForm() {
    assertThat(CallbackCredentials.basic(URI.create("https://x.example"), "bot", "pw-9"))
        .hasToString("CallbackCredentials[Basic ***, for https://x.example]");
    assertThat(jira.toString()).doesNotContain("tok");
  }

  @Test
  void credentialsWithoutAnAbsoluteBaseAreRefused() {
    assertThatThrownBy(() -> CallbackCredentials.bearer(URI.create("/relative"), "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need an absolute base URL");
  }
}
