package dev.wimigrate.inventory.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Callback credentials and URLs from configuration: a bad combination stops the start. */
class TicketingProducersTest {

  record Callback(
      Optional<String> bearerToken, Optional<String> username, Optional<String> password)
      implements TicketingConfig.Callback {}

  record Source(
      Optional<String> secret, Optional<String> baseUrl, TicketingConfig.Callback callback)
      implements TicketingConfig.Source {}

  static Source source(String baseUrl, String token, String user, String password) {
    return new Source(
        Optional.of("secret"),
        Optional.ofNullable(baseUrl),
        new Callback(
            Optional.ofNullable(token), Optional.ofNullable(user), Optional.ofNullable(password)));
  }

  @Test
  void aBearerTokenOrAUserAndPasswordBecomeCredentialsForTheBaseUrl() {
    assertThat(
            TicketingProducers.credentials(
                "jira", source("https://jira.example.com", "t", null, null)))
        .get()
        .satisfies(c -> assertThat(c.base()).isEqualTo(URI.create("https://jira.example.com")))
        .hasToString("CallbackCredentials[Bearer ***, for https://jira.example.com]");
    assertThat(
            TicketingProducers.credentials(
                "servicenow", source("https://acme.service-now.com", null, "bot", "pw")))
        .get()
        .hasToString("CallbackCredentials[Basic ***, for https://acme.service-now.com]");
    assertThat(TicketingProducers.credentials("jira", source(null, null, null, null))).isEmpty();
  }

  @Test
  void credentialsWithoutABaseUrlAreRefusedSinceTheyCouldFollowAnyCallbackUrl() {
    assertThatThrownBy(
            () -> TicketingProducers.credentials("generic", source(null, "t", null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "wimigrate.ticketing.generic.callback.* needs wimigrate.ticketing.generic.base-url:"
                + " credentials are only sent to URLs under it");
  }

  @Test
  void halfOrBothKindsOfCredentialsAreRefused() {
    assertThatThrownBy(
            () -> TicketingProducers.credentials("jira", source("https://j", null, "bot", null)))
        .hasMessage(
            "wimigrate.ticketing.jira.callback.username and"
                + " wimigrate.ticketing.jira.callback.password go together");
    assertThatThrownBy(
            () -> TicketingProducers.credentials("jira", source("https://j", "t", "bot", "pw")))
        .hasMessage(
            "wimigrate.ticketing.jira.callback.bearer-token and"
                + " wimigrate.ticketing.jira.callback.username/password exclude each other: set one");
  }

  @Test
  void aBaseUrlMustBeAnAbsoluteHttpUrl() {
    assertThatThrownBy(() -> TicketingProducers.parseUrl("jira", "jira.example.com"))
        .hasMessage(
            "wimigrate.ticketing.jira.base-url must be an absolute http(s) URL, got"
                + " 'jira.example.com'");
    assertThat(TicketingProducers.parseUrl("jira", " https://jira.example.com/ "))
        .isEqualTo(URI.create("https://jira.example.com/"));
  }
}
