package dev.wimigrate.webhook.mutation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where the projected service-account token lives in the pod. Azure Workload Identity changed this
 * between v1.5 and v1.6; both are offered, v1.6 by default.
 */
public enum TokenLayout {
  /** v1.6.0: a per-pod hashed volume name, mounted at {@code /var/run/secrets/azure/wi}. */
  V1_6("/var/run/secrets/azure/wi", "token/azure-identity-token"),
  /** v1.5.x and earlier: volume {@code azure-identity-token} at {@code .../azure/tokens}. */
  V1_5("/var/run/secrets/azure/tokens", "azure-identity-token");

  static final String V1_5_VOLUME = "azure-identity-token";
  static final String V1_6_VOLUME_PREFIX = "azure-workload-identity-reserved-";

  private final String mountPath;
  private final String tokenPath;

  TokenLayout(String mountPath, String tokenPath) {
    this.mountPath = mountPath;
    this.tokenPath = tokenPath;
  }

  public String mountPath() {
    return mountPath;
  }

  /** Path of the token inside the volume ({@code serviceAccountToken.path}). */
  public String tokenPath() {
    return tokenPath;
  }

  /** The value of {@code AZURE_FEDERATED_TOKEN_FILE}. */
  public String federatedTokenFile() {
    return mountPath + "/" + tokenPath;
  }

  /**
   * The token volume's name. v1.6 hashes the pod name (or {@code generateName + " (prefix)"}) so
   * the name cannot clash with a user volume; the result is 63 characters.
   */
  public String volumeName(String podName) {
    if (this == V1_5) {
      return V1_5_VOLUME;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(podName.getBytes(StandardCharsets.UTF_8));
      return V1_6_VOLUME_PREFIX + HexFormat.of().formatHex(digest).substring(0, 30);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** {@code v1.6} / {@code v1.5} (also {@code 1.6}, {@code v1.6.0}, {@code 1.5.x}...). */
  public static TokenLayout parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    if (t.equals("1.6") || t.startsWith("1.6.")) {
      return V1_6;
    }
    if (t.equals("1.5") || t.startsWith("1.5.")) {
      return V1_5;
    }
    throw new IllegalArgumentException(
        "unknown token layout \"" + text + "\": expected v1.6 (default) or v1.5");
  }
}
