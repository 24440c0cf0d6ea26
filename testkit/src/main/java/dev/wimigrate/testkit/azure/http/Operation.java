package dev.wimigrate.testkit.azure.http;

/** The operations the emulator counts (one count per request that reached the operation). */
public enum Operation {
  IDENTITY_PUT,
  IDENTITY_PATCH,
  IDENTITY_GET,
  IDENTITY_DELETE,
  IDENTITY_LIST_BY_RESOURCE_GROUP,
  IDENTITY_LIST_BY_SUBSCRIPTION,
  FIC_PUT,
  FIC_GET,
  FIC_DELETE,
  FIC_LIST,
  TOKEN,
  OPENID_CONFIGURATION,
  JWKS,
  INSTANCE_DISCOVERY
}
