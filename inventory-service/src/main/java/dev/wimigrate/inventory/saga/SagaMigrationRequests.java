package dev.wimigrate.inventory.saga;

import dev.wimigrate.inventory.ticketing.MigrationAccepted;
import dev.wimigrate.inventory.ticketing.MigrationRequestConflictException;
import dev.wimigrate.inventory.ticketing.MigrationRequests;
import dev.wimigrate.inventory.ticketing.TicketedMigrationRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Ticket webhooks and the REST API start migrations through the saga engine. */
@ApplicationScoped
public class SagaMigrationRequests implements MigrationRequests {

  private final SagaEngine engine;

  public SagaMigrationRequests(SagaEngine engine) {
    this.engine = engine;
  }

  @Override
  public MigrationAccepted submit(TicketedMigrationRequest request) {
    try {
      SagaEngine.Submitted s =
          engine.submit(
              request.selector(), request.mode(), request.ticket(), request.requestedBy());
      return new MigrationAccepted(s.migrationId(), s.created());
    } catch (SagaEngine.TicketConflict e) {
      throw new MigrationRequestConflictException(e.getMessage());
    }
  }
}
