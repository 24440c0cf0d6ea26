package dev.wimigrate.events.migration;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import java.net.URI;

/** The change ticket a migration answers; status updates go to {@code callbackUrl} if set. */
public record TicketRef(String system, String id, @Nullable URI callbackUrl) {

  public TicketRef {
    Checks.notBlank("system", system);
    Checks.notBlank("id", id);
    if (callbackUrl != null) {
      Checks.httpUri("callbackUrl", callbackUrl);
    }
  }
}
