package dev.wimigrate.events;

import dev.wimigrate.events.common.Checks;

/** CloudEvents {@code source} of each producer. */
public final class EventSources {
  public static final String PREFIX = "/wimigrate/";
  public static final String INVENTORY_SERVICE = PREFIX + "inventory-service";
  public static final String IDENTITY_SERVICE = PREFIX + "identity-service";
  public static final String FEDERATION_SERVICE = PREFIX + "federation-service";

  private EventSources() {}

  /** {@code /wimigrate/cluster-agent/<clusterId>}: one source per cluster. */
  public static String clusterAgent(String clusterId) {
    return PREFIX + "cluster-agent/" + Checks.clusterId("clusterId", clusterId);
  }
}
