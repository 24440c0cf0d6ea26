package dev.wimigrate.inventory.ticketing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code wimigrate.ticketing.*}: webhook secrets, field names and callbacks (docs/security.md). */
@ConfigMapping(prefix = "wimigrate.ticketing")
public interface TicketingConfig {

  /** wimigrate's own payload, {@code POST /api/v1/tickets/generic}. */
  Source generic();

  /** Jira webhooks, {@code POST /api/v1/tickets/jira}. */
  Jira jira();

  /** ServiceNow outbound REST messages, {@code POST /api/v1/tickets/servicenow}. */
  Source servicenow();

  /** How far {@code X-Wimigrate-Timestamp} may be from the server's clock. */
  @WithDefault("5m")
  Duration signatureTolerance();

  Callbacks callbacks();

  interface Source {
    /** The HMAC-SHA256 secret the system signs with; absent: this webhook is disabled (404). */
    Optional<String> secret();

    /**
     * Jira: the site ({@code https://jira.example.com}); ServiceNow: the instance ({@code
     * https://acme.service-now.com}); both also make the callback URL. Generic: callbacks go to the
     * payload's {@code callbackUrl}, and credentials only if it lies under this URL.
     */
    Optional<String> baseUrl();

    Callback callback();
  }

  interface Jira extends Source {
    Fields fields();
  }

  /** The issue fields that hold the migration ({@code customfield_10042} or a field's name). */
  interface Fields {
    @WithDefault(JiraSettings.DEFAULT_CLUSTER_FIELD)
    String cluster();

    @WithDefault(JiraSettings.DEFAULT_NAMESPACE_FIELD)
    String namespace();

    @WithDefault(JiraSettings.DEFAULT_WORKLOADS_FIELD)
    String workloads();

    @WithDefault(JiraSettings.DEFAULT_LABELS_FIELD)
    String labels();

    @WithDefault(JiraSettings.DEFAULT_MODE_FIELD)
    String mode();
  }

  /** Credentials for status callbacks: a bearer token, or a user name and password (Basic). */
  interface Callback {
    Optional<String> bearerToken();

    Optional<String> username();

    Optional<String> password();
  }

  interface Callbacks {
    /** Notifications waiting at most; when full the oldest is dropped. */
    @WithDefault("1000")
    int queueCapacity();

    /** Tickets served in parallel (one ticket's updates always go one at a time, in order). */
    @WithDefault("4")
    int workers();

    /** Attempts per update, the first included. */
    @WithDefault("6")
    int maxAttempts();

    /** Pause after the first failure, doubled after each further one. */
    @WithDefault("1s")
    Duration firstDelay();

    @WithDefault("1m")
    Duration maxDelay();

    /** The longest pause a {@code Retry-After} answer is granted. */
    @WithDefault("5m")
    Duration maxRetryAfter();

    /** Per attempt: connecting and waiting for the answer. */
    @WithDefault("10s")
    Duration timeout();
  }
}
