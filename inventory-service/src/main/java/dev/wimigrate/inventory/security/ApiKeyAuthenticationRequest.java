package dev.wimigrate.inventory.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The key a request presented in {@code X-Api-Key}; its text form never shows the key. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

  private final String key;

  public ApiKeyAuthenticationRequest(String key) {
    this.key = key;
  }

  String key() {
    return key;
  }

  @Override
  public String toString() {
    return "ApiKeyAuthenticationRequest[***]";
  }
}
