package dev.wimigrate.testkit.process;

import org.testcontainers.DockerClientFactory;

/**
 * Whether Testcontainers can be used: a Docker engine answers and {@code WIMIGRATE_USE_DOCKER} is
 * not {@code false}. Without an engine (as on the build machine) the kit starts local processes.
 */
public final class Docker {

  private static Boolean available;

  private Docker() {}

  public static synchronized boolean available() {
    if (available == null) {
      available = !"false".equalsIgnoreCase(System.getenv("WIMIGRATE_USE_DOCKER")) && probe();
    }
    return available;
  }

  private static boolean probe() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable noDocker) {
      return false;
    }
  }
}
