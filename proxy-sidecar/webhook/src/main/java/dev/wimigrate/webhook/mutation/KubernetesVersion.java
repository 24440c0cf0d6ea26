package dev.wimigrate.webhook.mutation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The apiserver's major.minor version, which decides where the proxy sidecar goes. */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {

  /** From here on the proxy is a native sidecar (an init container with restartPolicy Always). */
  public static final KubernetesVersion NATIVE_SIDECARS = new KubernetesVersion(1, 32);

  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

  /** Parses {@code v1.34.4}, {@code 1.31}, {@code v1.30.2-gke.1}, {@code 1.29+}. */
  public static KubernetesVersion parse(String text) {
    Matcher m = VERSION.matcher(text == null ? "" : text.trim());
    if (!m.find()) {
      throw new IllegalArgumentException(
          "cannot read a Kubernetes version from \"" + text + "\": expected e.g. v1.32.1");
    }
    return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  public boolean supportsNativeSidecars() {
    return compareTo(NATIVE_SIDECARS) >= 0;
  }

  @Override
  public int compareTo(KubernetesVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor;
  }
}
