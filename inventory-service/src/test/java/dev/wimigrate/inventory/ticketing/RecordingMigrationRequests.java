package dev.wimigrate.inventory.ticketing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the saga where a test profile enables it (an {@link Alternative} without priority,
 * so other tests get the real one): keeps what it was asked, one migration per ticket, and refuses
 * a ticket that comes back with another selector or mode.
 */
@Alternative
@ApplicationScoped
public class RecordingMigrationRequests implements MigrationRequests {

  private final Map<String, TicketedMigrationRequest> byTicket = new LinkedHashMap<>();
  private final List<TicketedMigrationRequest> received = new ArrayList<>();

  @Override
  public synchronized MigrationAccepted submit(TicketedMigrationRequest request) {
    received.add(request);
    String ticket = request.ticket().system() + "/" + request.ticket().id();
    TicketedMigrationRequest first = byTicket.putIfAbsent(ticket, request);
    if (first != null
        && !(first.selector().equals(request.selector()) && first.mode() == request.mode())) {
      throw new MigrationRequestConflictException(
          "ticket "
              + ticket
              + " already started migration "
              + id(ticket)
              + " with another selector or mode");
    }
    return new MigrationAccepted(id(ticket), first == null);
  }

  public synchronized List<TicketedMigrationRequest> received() {
    return List.copyOf(received);
  }

  static String id(String ticket) {
    return "mig-" + ticket.replace('/', '-').replace('#', '-');
  }
}
