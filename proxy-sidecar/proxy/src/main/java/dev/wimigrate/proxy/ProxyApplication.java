package dev.wimigrate.proxy;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/** Runs the IMDS listener until SIGTERM / SIGINT. */
public class ProxyApplication implements QuarkusApplication {

  @Override
  public int run(String... args) {
    Quarkus.waitForExit();
    return 0;
  }
}
