package dev.wimigrate.identity.azure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an ARM resource id the service works with: a user-assigned identity or an AKS
 * cluster. ARM compares ids case-insensitively.
 */
public record ArmId(String subscription, String resourceGroup, String name) {

  private static final Pattern IDENTITY =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
              + "Microsoft\\.ManagedIdentity/userAssignedIdentities/([^/]+)$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern CLUSTER =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
              + "Microsoft\\.ContainerService/managedClusters/([^/]+)$",
          Pattern.CASE_INSENSITIVE);

  public static ArmId identity(String resourceId) {
    return parse(IDENTITY, resourceId, "user-assigned identity");
  }

  public static ArmId cluster(String resourceId) {
    return parse(CLUSTER, resourceId, "managed cluster");
  }

  private static ArmId parse(Pattern pattern, String resourceId, String what) {
    Matcher m = pattern.matcher(resourceId);
    if (!m.matches()) {
      throw new IllegalArgumentException("not the id of a " + what + ": " + resourceId);
    }
    return new ArmId(m.group(1), m.group(2), m.group(3));
  }
}
