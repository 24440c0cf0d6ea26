package dev.wimigrate.webhook.mutation;

import java.util.Locale;

/** Azure clouds by their {@code AZURE_ENVIRONMENT} name, with their Entra authority host. */
public enum AzureEnvironment {
  AZURE_PUBLIC_CLOUD("AzurePublicCloud", "https://login.microsoftonline.com/"),
  AZURE_US_GOVERNMENT_CLOUD("AzureUSGovernmentCloud", "https://login.microsoftonline.us/"),
  AZURE_CHINA_CLOUD("AzureChinaCloud", "https://login.chinacloudapi.cn/"),
  AZURE_GERMAN_CLOUD("AzureGermanCloud", "https://login.microsoftonline.de/");

  private final String configName;
  private final String authorityHost;

  AzureEnvironment(String configName, String authorityHost) {
    this.configName = configName;
    this.authorityHost = authorityHost;
  }

  public String authorityHost() {
    return authorityHost;
  }

  /** Case-insensitive; empty means the public cloud, as in the reference. */
  public static AzureEnvironment parse(String name) {
    String n = name == null ? "" : name.trim();
    if (n.isEmpty()) {
      return AZURE_PUBLIC_CLOUD;
    }
    for (AzureEnvironment e : values()) {
      if (e.configName.toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown AZURE_ENVIRONMENT \""
            + name
            + "\": expected AzurePublicCloud, AzureUSGovernmentCloud, AzureChinaCloud or"
            + " AzureGermanCloud");
  }
}
