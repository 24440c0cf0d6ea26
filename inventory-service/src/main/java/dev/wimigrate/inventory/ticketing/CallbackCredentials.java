package dev.wimigrate.inventory.ticketing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code Authorization} header for one system's callbacks, sent only to URLs under its base
 * URL: a generic payload names its own callback URL, and the credentials must not follow it to
 * another host. {@link #toString()} never shows the secret.
 */
public final class CallbackCredentials {

  private final URI base;
  private final String scheme;
  private final String authorization;

  private CallbackCredentials(URI base, String scheme, String authorization) {
    if (base == null || base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException(
          "callback credentials need an absolute base URL they may be sent to, got " + base);
    }
    this.base = base;
    this.scheme = scheme;
    this.authorization = authorization;
  }

  public static CallbackCredentials bearer(URI base, String token) {
    return new CallbackCredentials(base, "Bearer", "Bearer " + Objects.requireNonNull(token));
  }

  public static CallbackCredentials basic(URI base, String user, String password) {
    String pair = Objects.requireNonNull(user) + ":" + Objects.requireNonNull(password);
    return new CallbackCredentials(
        base,
        "Basic",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  public URI base() {
    return base;
  }

  /** The header value; goes on the wire only, never into a log line. */
  String authorization() {
    return authorization;
  }

  /** Same scheme, host and port, and a path at or below the base's path. */
  public boolean appliesTo(URI url) {
    if (url.getScheme() == null
        || url.getHost() == null
        || !url.getScheme().equalsIgnoreCase(base.getScheme())
        || !url.getHost().equalsIgnoreCase(base.getHost())
        || port(url) != port(base)
        || url.getRawUserInfo() != null) {
      return false;
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/");
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  @Override
  public String toString() {
    return "CallbackCredentials[" + scheme + " ***, for " + base + "]";
  }
}
