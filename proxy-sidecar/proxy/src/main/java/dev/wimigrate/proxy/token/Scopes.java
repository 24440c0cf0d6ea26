package dev.wimigrate.proxy.token;

/** Turns an IMDS / AAD v1 {@code resource} into an AAD v2 scope. */
public final class Scopes {

  public static final String DEFAULT_SUFFIX = "/.default";

  private Scopes() {}

  /**
   * Appends {@code /.default} unless the resource already ends with it. Nothing is trimmed: {@code
   * https://vault.azure.net/} becomes {@code https://vault.azure.net//.default}, which is what AAD
   * expects for v1 resources registered with a trailing slash (same rule as the reference proxy).
   */
  public static String fromResource(String resource) {
    return resource.endsWith(DEFAULT_SUFFIX) ? resource : resource + DEFAULT_SUFFIX;
  }
}
