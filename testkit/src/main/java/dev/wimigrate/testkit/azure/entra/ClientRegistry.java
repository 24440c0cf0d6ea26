package dev.wimigrate.testkit.azure.entra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** App registrations with a client secret (service principals the tests and services use). */
public final class ClientRegistry {

  /** A registered client: its id, secret and the object id of its service principal. */
  public record Client(String clientId, String secret, String principalId) {}

  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  public Client register(String clientId, String secret) {
    Client client = new Client(clientId, secret, UUID.randomUUID().toString());
    clients.put(clientId.toLowerCase(Locale.ROOT), client);
    return client;
  }

  public Optional<Client> find(String clientId) {
    return Optional.ofNullable(clients.get(clientId.toLowerCase(Locale.ROOT)));
  }

  /** Whether a registered client's service principal has this object id. */
  public boolean principalExists(String principalId) {
    return clients.values().stream().anyMatch(c -> c.principalId().equalsIgnoreCase(principalId));
  }

  static boolean secretMatches(Client client, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            client.secret().getBytes(StandardCharsets.UTF_8),
            presented.getBytes(StandardCharsets.UTF_8));
  }
}
