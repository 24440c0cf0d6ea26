package dev.wimigrate.events.common;

import java.util.Locale;
import java.util.regex.Matcher;

/** A user-assigned managed identity: its ARM resource id and, once known, its client id. */
public record IdentityRef(
    String resourceId, @Nullable @SchemaHint(format = "uuid") String clientId) {

  public IdentityRef {
    Checks.managedIdentityId("resourceId", resourceId);
    if (clientId != null) {
      Checks.uuid("clientId", clientId);
    }
  }

  public String subscriptionId() {
    return part("subscription");
  }

  public String resourceGroup() {
    return part("group");
  }

  public String name() {
    return part("name");
  }

  /** Kafka key of identity-scoped messages; ARM ids compare case-insensitively. */
  public String partitionKey() {
    return partitionKey(resourceId);
  }

  public static String partitionKey(String resourceId) {
    return resourceId.toLowerCase(Locale.ROOT);
  }

  public boolean sameResource(String otherResourceId) {
    return resourceId.equalsIgnoreCase(otherResourceId);
  }

  private String part(String group) {
    Matcher m = Checks.managedIdentityPattern().matcher(resourceId);
    if (!m.matches()) {
      throw new IllegalStateException("validated in the constructor");
    }
    return m.group(group);
  }
}
