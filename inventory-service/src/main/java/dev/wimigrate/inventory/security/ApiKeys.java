package dev.wimigrate.inventory.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured API keys, kept only as SHA-256 hashes: a key presented in {@code X-Api-Key} is
 * hashed and compared with every configured hash in constant time ({@link MessageDigest#isEqual}),
 * without stopping at a match, so the answer's timing says nothing about which key or how much of
 * it matched. Keys are random secrets of high entropy, so an unsalted fast hash is enough.
 */
public final class ApiKeys {

  /** A configured key as written in configuration: a name, the hex SHA-256, the roles. */
  public record Configured(String name, String sha256, List<String> roles) {}

  /** Who a key belongs to. */
  public record Caller(String name, Set<String> roles) {}

  private record Entry(Caller caller, byte[] sha256) {}

  private static final Pattern HEX_SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");

  private final List<Entry> entries = new ArrayList<>();

  /**
   * @throws IllegalArgumentException naming the configuration key of the first bad entry
   */
  public ApiKeys(List<Configured> configured) {
    for (Configured c : configured) {
      String key = "wimigrate.auth.api-keys.\"" + c.name() + "\"";
      if (!NAME.matcher(c.name()).matches()) {
        throw new IllegalArgumentException(
            key + ": the name must be 1-63 letters, digits, '.', '_' or '-'");
      }
      if (c.sha256() == null || !HEX_SHA256.matcher(c.sha256().trim()).matches()) {
        throw new IllegalArgumentException(
            key
                + ".sha256 must be 64 hex digits, the SHA-256 of the key"
                + " (printf %s \"$KEY\" | sha256sum)");
      }
      if (c.roles() == null || c.roles().isEmpty()) {
        throw new IllegalArgumentException(
            key + ".roles must name at least one of " + String.join(", ", Roles.ALL));
      }
      Set<String> roles = new LinkedHashSet<>();
      for (String role : c.roles()) {
        String r = role.trim();
        if (!Roles.ALL.contains(r)) {
          throw new IllegalArgumentException(
              key
                  + ".roles: unknown role '"
                  + r
                  + "' (roles: "
                  + String.join(", ", Roles.ALL)
                  + ")");
        }
        roles.add(r);
      }
      byte[] hash = HexFormat.of().parseHex(c.sha256().trim().toLowerCase(java.util.Locale.ROOT));
      for (Entry e : entries) {
        if (MessageDigest.isEqual(e.sha256(), hash)) {
          throw new IllegalArgumentException(
              key
                  + ".sha256 is the same as that of \""
                  + e.caller().name()
                  + "\": one key, one name");
        }
      }
      entries.add(new Entry(new Caller(c.name(), Set.copyOf(roles)), hash));
    }
  }

  /** The caller a presented key belongs to, if any. */
  public Optional<Caller> match(String presentedKey) {
    byte[] hash = sha256(presentedKey);
    Caller found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.sha256(), hash)) {
        found = e.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return entries.size();
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
