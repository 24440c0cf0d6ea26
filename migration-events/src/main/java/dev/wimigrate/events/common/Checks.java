package dev.wimigrate.events.common;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Validation used by the compact constructors. Every failure is an {@link InvalidFieldException}
 * naming the component and saying what is wrong with the value it got.
 */
public final class Checks {
  /** Kubernetes namespace, container name (RFC 1123 label). */
  public static final String DNS_LABEL = "^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Kubernetes object name (RFC 1123 subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** wimigrate's name for a cluster; no '/', since it is the first segment of workload keys. */
  public static final String CLUSTER_ID = "^(?=.{1,63}$)[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$";

  public static final String UUID =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  /** Ids chosen by wimigrate (migration, step, snapshot): visible ASCII, no spaces. */
  public static final String OPAQUE_ID = "^[!-~]{1,256}$";

  // ARM ids are case-insensitive: pod identity manifests often say "resourcegroups".
  private static final String ARM_PREFIX =
      "/subscriptions/(?<subscription>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})";
  private static final Pattern MANAGED_IDENTITY_ID =
      Pattern.compile(
          "(?i)^"
              + ARM_PREFIX
              + "/resourceGroups/(?<group>[^/]{1,90})/providers/Microsoft\\.ManagedIdentity"
              + "/userAssignedIdentities/(?<name>[A-Za-z0-9][A-Za-z0-9_-]{2,127})$");
  private static final Pattern CLUSTER_RESOURCE_ID =
      Pattern.compile(
          "(?i)^"
              + ARM_PREFIX
              + "/resourceGroups/[^/]{1,90}/providers/Microsoft\\.ContainerService"
              + "/managedClusters/[A-Za-z0-9][A-Za-z0-9_-]{0,62}$");

  private static final Pattern DNS_LABEL_P = Pattern.compile(DNS_LABEL);
  private static final Pattern DNS_SUBDOMAIN_P = Pattern.compile(DNS_SUBDOMAIN);
  private static final Pattern CLUSTER_ID_P = Pattern.compile(CLUSTER_ID);
  private static final Pattern UUID_P = Pattern.compile(UUID);
  private static final Pattern OPAQUE_ID_P = Pattern.compile(OPAQUE_ID);

  private Checks() {}

  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidFieldException(field, "must not be null");
    }
    return value;
  }

  public static String notBlank(String field, String value) {
    if (notNull(field, value).isBlank()) {
      throw new InvalidFieldException(field, "must not be blank");
    }
    return value;
  }

  public static String dnsLabel(String field, String value) {
    return matches(field, value, DNS_LABEL_P, "a DNS-1123 label");
  }

  public static String dnsSubdomain(String field, String value) {
    return matches(field, value, DNS_SUBDOMAIN_P, "a DNS-1123 subdomain");
  }

  public static String clusterId(String field, String value) {
    return matches(
        field, value, CLUSTER_ID_P, "a cluster id (1-63 letters, digits, '.', '_', '-'; no '/')");
  }

  public static String uuid(String field, String value) {
    return matches(field, value, UUID_P, "a UUID");
  }

  public static String opaqueId(String field, String value) {
    return matches(field, value, OPAQUE_ID_P, "1-256 visible ASCII characters");
  }

  /** {@code namespace/name} of a namespaced Kubernetes object. */
  public static String namespacedName(String field, String value) {
    int slash = notNull(field, value).indexOf('/');
    if (slash < 0
        || !DNS_LABEL_P.matcher(value.substring(0, slash)).matches()
        || !DNS_SUBDOMAIN_P.matcher(value.substring(slash + 1)).matches()) {
      throw new InvalidFieldException(field, "must be namespace/name, got " + quote(value));
    }
    return value;
  }

  public static String managedIdentityId(String field, String value) {
    return matches(
        field,
        value,
        MANAGED_IDENTITY_ID,
        "the ARM id of a user-assigned managed identity (/subscriptions/{sub}/resourceGroups/{rg}"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name})");
  }

  public static String clusterResourceId(String field, String value) {
    return matches(
        field,
        value,
        CLUSTER_RESOURCE_ID,
        "the ARM id of an AKS cluster (/subscriptions/{sub}/resourceGroups/{rg}"
            + "/providers/Microsoft.ContainerService/managedClusters/{name})");
  }

  /** Entra requires FIC issuers to be https URLs; cluster OIDC issuers always are. */
  public static String httpsUrl(String field, String value) {
    URI uri = parseUri(field, value);
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new InvalidFieldException(field, "must be an https URL, got " + quote(value));
    }
    return value;
  }

  public static URI httpUri(String field, URI value) {
    String scheme = notNull(field, value).getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || value.getHost() == null) {
      throw new InvalidFieldException(
          field, "must be an absolute http(s) URL, got " + quote(value.toString()));
    }
    return value;
  }

  public static int atLeast(String field, int value, int min) {
    if (value < min) {
      throw new InvalidFieldException(field, "must be >= " + min + ", got " + value);
    }
    return value;
  }

  public static long between(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidFieldException(
          field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Rejects (does not redact) tokens: a producer must redact before building the message. */
  public static String noJwt(String field, String value) {
    if (Secrets.containsJwt(value)) {
      throw new InvalidFieldException(
          field, "must not contain a token (found a JWT); redact it with Secrets.redactJwts");
    }
    return value;
  }

  /** A required list: immutable copy, no null elements, each element checked. */
  public static <T> List<T> list(String field, List<T> value, BiConsumer<String, T> element) {
    notNull(field, value);
    for (int i = 0; i < value.size(); i++) {
      element.accept(field + "[" + i + "]", notNull(field + "[" + i + "]", value.get(i)));
    }
    return List.copyOf(value);
  }

  public static <T> List<T> list(String field, List<T> value) {
    return list(field, value, (f, e) -> {});
  }

  public static <T> List<T> nonEmptyList(String field, List<T> value) {
    return nonEmptyList(field, value, (f, e) -> {});
  }

  public static <T> List<T> nonEmptyList(String field, List<T> value, BiConsumer<String, T> e) {
    if (notNull(field, value).isEmpty()) {
      throw new InvalidFieldException(field, "must not be empty");
    }
    return list(field, value, e);
  }

  /**
   * A required string map: an immutable copy sorted by key, so that encoding is deterministic
   * (Map.copyOf iterates in a per-JVM random order).
   */
  public static Map<String, String> map(String field, Map<String, String> value) {
    notNull(field, value);
    var copy = new TreeMap<String, String>();
    value.forEach(
        (k, v) -> {
          if (k == null || k.isEmpty()) {
            throw new InvalidFieldException(field, "must not have an empty key");
          }
          copy.put(k, notNull(field + "[" + quote(k) + "]", v));
        });
    return Collections.unmodifiableSortedMap(copy);
  }

  /** The value in quotes for an error message: shortened, and never echoing a token. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = Secrets.redactJwts(value);
    return '"' + (shown.length() > 120 ? shown.substring(0, 117) + "..." : shown) + '"';
  }

  private static String matches(String field, String value, Pattern pattern, String what) {
    if (!pattern.matcher(notNull(field, value)).matches()) {
      throw new InvalidFieldException(field, "must be " + what + ", got " + quote(value));
    }
    return value;
  }

  private static URI parseUri(String field, String value) {
    try {
      return new URI(notNull(field, value));
    } catch (java.net.URISyntaxException e) {
      throw new InvalidFieldException(field, "must be a URL, got " + quote(value));
    }
  }

  static Pattern managedIdentityPattern() {
    return MANAGED_IDENTITY_ID;
  }
}
