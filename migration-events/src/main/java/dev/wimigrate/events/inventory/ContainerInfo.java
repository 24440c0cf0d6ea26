package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;

/** A container of a workload's pod template; {@code init} for init containers. */
public record ContainerInfo(
    @SchemaHint(pattern = Checks.DNS_LABEL) String name, String image, boolean init) {

  public ContainerInfo {
    Checks.dnsLabel("name", name);
    Checks.notBlank("image", image);
  }
}
