package dev.wimigrate.proxy.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The projected service-account token. Read on every exchange, so a token rotated by the kubelet
 * (at 80% of its lifetime) is used at once; the file is tiny and exchanges are rare thanks to the
 * cache.
 */
public final class FederatedTokenFile {

  private final Path path;

  public FederatedTokenFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /**
   * @throws TokenExchangeException (500) when the file is missing, unreadable or empty
   */
  public String read() {
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new TokenExchangeException(
          500,
          "server_error",
          "cannot read the projected service-account token "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          List.of());
    }
    if (content.isEmpty()) {
      throw new TokenExchangeException(
          500,
          "server_error",
          "the projected service-account token " + path + " is empty",
          List.of());
    }
    return content;
  }
}
