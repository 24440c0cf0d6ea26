package dev.wimigrate.testkit.quarkus;

import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs Quarkus' native preparation for the module under test, the same build as {@code package
 * -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true}, in-process and into a
 * temporary directory: no GraalVM needed, so every test run checks what a native build would get.
 */
public final class NativeSources {

  private NativeSources() {}

  /** Prepares the module in the working directory; returns its {@code native-sources} folder. */
  public static Path prepare() throws Exception {
    Path target = Files.createTempDirectory("native-sources-");
    Properties build = new Properties();
    build.setProperty("quarkus.native.enabled", "true");
    build.setProperty("quarkus.native.sources-only", "true");
    try (CuratedApplication app =
        QuarkusBootstrap.builder()
            .setApplicationRoot(Path.of("target", "classes").toAbsolutePath())
            .setProjectRoot(Path.of("").toAbsolutePath())
            .setTargetDirectory(target)
            .setMode(QuarkusBootstrap.Mode.PROD)
            .setLocalProjectDiscovery(true)
            .setBuildSystemProperties(build)
            .setIsolateDeployment(true)
            .build()
            .bootstrap()) {
      app.createAugmentor().createProductionApplication();
    }
    return target.resolve("native-sources");
  }
}
