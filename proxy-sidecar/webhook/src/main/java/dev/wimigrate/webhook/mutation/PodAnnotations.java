package dev.wimigrate.webhook.mutation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the workload identity annotations of a pod and its service account, with the reference's
 * precedence and ranges and precise messages for invalid values.
 */
public final class PodAnnotations {

  public static final long MIN_TOKEN_EXPIRATION = 3600;
  public static final long MAX_TOKEN_EXPIRATION = 86400;
  public static final long DEFAULT_TOKEN_EXPIRATION = 3600;
  public static final int DEFAULT_PROXY_PORT = 8000;

  private PodAnnotations() {}

  /**
   * Token lifetime in seconds: the pod's annotation, else the service account's, else 3600. Empty
   * values count as absent. Whole seconds in 3600..86400.
   */
  public static long tokenExpiration(Map<String, String> pod, ServiceAccountInfo sa) {
    String onPod = pod.get(Annotations.TOKEN_EXPIRATION);
    if (onPod != null && !onPod.isEmpty()) {
      return parseExpiration(onPod, "pod");
    }
    String onSa = sa.annotation(Annotations.TOKEN_EXPIRATION);
    if (onSa != null && !onSa.isEmpty()) {
      return parseExpiration(onSa, "service account " + sa.name());
    }
    return DEFAULT_TOKEN_EXPIRATION;
  }

  private static long parseExpiration(String value, String where) {
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidPodException(
          "token expiration \""
              + value
              + "\" (annotation "
              + Annotations.TOKEN_EXPIRATION
              + " on "
              + where
              + ") not valid: expected a whole number of seconds between "
              + MIN_TOKEN_EXPIRATION
              + " and "
              + MAX_TOKEN_EXPIRATION);
    }
    if (seconds < MIN_TOKEN_EXPIRATION || seconds > MAX_TOKEN_EXPIRATION) {
      throw new InvalidPodException(
          "token expiration "
              + seconds
              + " (annotation "
              + Annotations.TOKEN_EXPIRATION
              + " on "
              + where
              + ") not valid. Expected value to be between "
              + MIN_TOKEN_EXPIRATION
              + " and "
              + MAX_TOKEN_EXPIRATION);
    }
    return seconds;
  }

  /**
   * Whether the proxy sidecar is wanted. Unlike the reference (which injects whenever the key is
   * present), only {@code "true"} injects; {@code "false"} and absence do not; anything else is a
   * typo that would silently change behaviour, so it is denied.
   */
  public static boolean injectProxySidecar(Map<String, String> pod) {
    String value = pod.get(Annotations.INJECT_PROXY_SIDECAR);
    if (value == null) {
      return false;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false") || v.isEmpty()) {
      return false;
    }
    throw new InvalidPodException(
        "annotation "
            + Annotations.INJECT_PROXY_SIDECAR
            + " must be \"true\" or \"false\", got \""
            + value
            + "\"");
  }

  /** The proxy port: the annotation, else 8000; 1..65535. */
  public static int proxyPort(Map<String, String> pod) {
    String value = pod.get(Annotations.PROXY_SIDECAR_PORT);
    if (value == null || value.isEmpty()) {
      return DEFAULT_PROXY_PORT;
    }
    int port;
    try {
      port = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new InvalidPodException(
          "failed to parse proxy sidecar port: annotation "
              + Annotations.PROXY_SIDECAR_PORT
              + " is \""
              + value
              + "\", expected a port number between 1 and 65535");
    }
    return port;
  }

  /** How the proxy gets the pod's IMDS traffic. */
  public enum ProxyMode {
    /** The reference: a privileged init container redirects 169.254.169.254:80 to the proxy. */
    IPTABLES,
    /** No init container; SDKs are pointed at the proxy through an endpoint variable. */
    UNPRIVILEGED
  }

  public static ProxyMode proxyMode(Map<String, String> pod) {
    String value = pod.get(Annotations.PROXY_SIDECAR_MODE);
    if (value == null || value.isBlank()) {
      return ProxyMode.IPTABLES;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("iptables")) {
      return ProxyMode.IPTABLES;
    }
    if (v.equals("unprivileged")) {
      return ProxyMode.UNPRIVILEGED;
    }
    throw new InvalidPodException(
        "annotation "
            + Annotations.PROXY_SIDECAR_MODE
            + " must be \"iptables\" or \"unprivileged\", got \""
            + value
            + "\"");
  }

  /** Container names to leave alone: split on {@code ;}, trimmed, empty entries dropped. */
  public static Set<String> skipContainers(Map<String, String> pod) {
    String value = pod.get(Annotations.SKIP_CONTAINERS);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(";"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The service account's client id, if any. */
  public static Optional<String> clientId(ServiceAccountInfo sa) {
    String value = sa.annotation(Annotations.CLIENT_ID);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /**
   * The tenant: the service account's annotation when the key exists (an empty value then means
   * none is injected, as in the reference), else the webhook's default.
   */
  public static Optional<String> tenantId(ServiceAccountInfo sa, String defaultTenant) {
    if (sa.annotations().containsKey(Annotations.TENANT_ID)) {
      String value = sa.annotation(Annotations.TENANT_ID);
      return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
    return Optional.of(defaultTenant);
  }
}
