package dev.wimigrate.proxy.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the identity selectors that old pod-identity clients send ({@code object_id}, {@code
 * msi_res_id}, {@code mi_res_id}) to the client id of the Entra identity the migration federated.
 *
 * <p>Text format, one entry per line or separated by {@code ;}: {@code <key>=<client id>}, where
 * the key is a managed identity's object (principal) id or its ARM resource id. Blank entries and
 * lines starting with {@code #} are ignored. Keys are compared case-insensitively (GUIDs and ARM
 * ids are).
 */
public final class IdentityMapping {

  private static final IdentityMapping EMPTY = new IdentityMapping(Map.of());

  private final Map<String, String> clientIdByKey;

  private IdentityMapping(Map<String, String> clientIdByKey) {
    this.clientIdByKey = Map.copyOf(clientIdByKey);
  }

  public static IdentityMapping empty() {
    return EMPTY;
  }

  public static IdentityMapping of(Map<String, String> entries) {
    Map<String, String> normalised = new LinkedHashMap<>();
    entries.forEach((k, v) -> normalised.put(normalise(k), v.trim()));
    return new IdentityMapping(normalised);
  }

  /**
   * Parses the text format.
   *
   * @param source where the text came from, for error messages
   * @throws IllegalArgumentException on a malformed entry or a key mapped twice to different ids
   */
  public static IdentityMapping parse(String text, String source) {
    Map<String, String> entries = new LinkedHashMap<>();
    String[] parts = text.split("[;\\r\\n]+");
    for (String raw : parts) {
      String entry = raw.trim();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            source
                + ": entry '"
                + entry
                + "' is not of the form <object id or resource id>=<client id>");
      }
      String key = normalise(entry.substring(0, eq));
      String clientId = entry.substring(eq + 1).trim();
      if (key.isEmpty() || clientId.isEmpty()) {
        throw new IllegalArgumentException(
            source + ": entry '" + entry + "' has an empty key or client id");
      }
      String previous = entries.putIfAbsent(key, clientId);
      if (previous != null && !previous.equalsIgnoreCase(clientId)) {
        throw new IllegalArgumentException(
            source + ": '" + key + "' is mapped to both " + previous + " and " + clientId);
      }
    }
    return new IdentityMapping(entries);
  }

  /** Combines two mappings; an entry of {@code other} must not contradict one of this. */
  public IdentityMapping merge(IdentityMapping other, String source) {
    Map<String, String> merged = new LinkedHashMap<>(clientIdByKey);
    other.clientIdByKey.forEach(
        (k, v) -> {
          String previous = merged.putIfAbsent(k, v);
          if (previous != null && !previous.equalsIgnoreCase(v)) {
            throw new IllegalArgumentException(
                source + ": '" + k + "' is mapped to both " + previous + " and " + v);
          }
        });
    return new IdentityMapping(merged);
  }

  public Optional<String> clientIdFor(String objectIdOrResourceId) {
    return Optional.ofNullable(clientIdByKey.get(normalise(objectIdOrResourceId)));
  }

  public boolean isEmpty() {
    return clientIdByKey.isEmpty();
  }

  public int size() {
    return clientIdByKey.size();
  }

  private static String normalise(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    while (k.length() > 1 && k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }
}
