package dev.wimigrate.proxy.config;

import java.util.List;

/** The proxy cannot start: its configuration is missing or wrong. */
public class InvalidProxySettingsException extends RuntimeException {

  private final List<String> problems;

  public InvalidProxySettingsException(List<String> problems) {
    super("invalid proxy configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
