package dev.wimigrate.inventory.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

/** {@code wimigrate.auth.*}: API keys for callers that cannot get Entra tokens. */
@ConfigMapping(prefix = "wimigrate.auth")
public interface AuthConfig {

  /** By name: {@code wimigrate.auth.api-keys."jira".sha256} and {@code ….roles}. */
  Map<String, ApiKey> apiKeys();

  interface ApiKey {
    /** Hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum}); never the key itself. */
    String sha256();

    /** {@code migrations.read} and/or {@code migrations.write}. */
    List<String> roles();
  }
}
