package dev.wimigrate.proxy.token;

/** Exchanges the pod's projected service-account token for an Entra access token. */
public interface TokenExchanger {

  /**
   * @throws TokenExchangeException when Entra refuses or cannot be reached
   */
  AccessToken exchange(TokenRequest request);
}
