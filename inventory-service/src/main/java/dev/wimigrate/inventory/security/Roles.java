package dev.wimigrate.inventory.security;

import java.util.List;

/**
 * The service's roles: Entra app roles (the token's {@code roles} claim) or an API key's configured
 * roles. Neither implies the other: a caller that writes and reads needs both.
 */
public final class Roles {

  /** Read the fleet, clusters, workloads and migrations (every GET under /api). */
  public static final String READ = "migrations.read";

  /** Start or change migrations (every POST under /api, except the signed ticket webhooks). */
  public static final String WRITE = "migrations.write";

  public static final List<String> ALL = List.of(READ, WRITE);

  private Roles() {}
}
