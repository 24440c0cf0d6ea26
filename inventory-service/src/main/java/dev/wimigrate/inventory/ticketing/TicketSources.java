package dev.wimigrate.inventory.ticketing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ticket webhooks that are enabled: a system is enabled when its signing secret is configured,
 * since without one nothing it sends could be authenticated.
 */
public final class TicketSources {

  /** One enabled system: how to read its payloads and check its signatures. */
  public record TicketSource(TicketPayloadAdapter adapter, SignatureScheme scheme, byte[] secret) {

    public TicketSource {
      if (secret == null || secret.length == 0) {
        throw new IllegalArgumentException(
            "the webhook of " + adapter.system() + " needs a non-empty secret");
      }
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    @Override
    public String toString() {
      return "TicketSource[" + adapter.system() + ", " + scheme + ", secret ***]";
    }
  }

  private final Map<String, TicketSource> enabled = new TreeMap<>();
  private final List<String> known;

  /**
   * @param known every system wimigrate has an adapter for, enabled or not
   * @param enabled those with a secret
   */
  public TicketSources(List<String> known, List<TicketSource> enabled) {
    this.known = List.copyOf(known);
    enabled.forEach(s -> this.enabled.put(s.adapter().system(), s));
  }

  public Optional<TicketSource> enabled(String system) {
    return Optional.ofNullable(enabled.get(system));
  }

  public List<String> enabledSystems() {
    return List.copyOf(enabled.keySet());
  }

  public List<String> disabledSystems() {
    return known.stream().filter(s -> !enabled.containsKey(s)).toList();
  }
}
