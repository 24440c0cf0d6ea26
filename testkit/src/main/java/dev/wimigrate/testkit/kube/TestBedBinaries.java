package dev.wimigrate.testkit.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the control-plane binaries are. They are built by {@code testkit/testbed/build-testbed.sh}
 * from their Go modules and cached by version outside the repository; the script returns at once
 * when the cache is warm, so the kit always runs it.
 */
public record TestBedBinaries(Path directory) {

  static final String SCRIPT = "testkit/testbed/build-testbed.sh";

  private static TestBedBinaries located;

  public Path etcd() {
    return binary("etcd");
  }

  public Path kubeApiserver() {
    return binary("kube-apiserver");
  }

  public Path kubeControllerManager() {
    return binary("kube-controller-manager");
  }

  public Path kubeScheduler() {
    return binary("kube-scheduler");
  }

  public Path kwok() {
    return binary("kwok");
  }

  private Path binary(String name) {
    Path path = directory.resolve(name);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(name + " is missing from " + directory);
    }
    return path;
  }

  /**
   * {@code WIMIGRATE_TESTBED_BIN} when set, otherwise what the build script reports (building on
   * first use, with its progress on this JVM's standard error).
   */
  public static synchronized TestBedBinaries locate() {
    if (located == null) {
      String configured = System.getenv("WIMIGRATE_TESTBED_BIN");
      located =
          new TestBedBinaries(
              configured != null && !configured.isBlank()
                  ? Path.of(configured)
                  : runBuildScript(findScript()));
    }
    return located;
  }

  static Path findScript() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find " + SCRIPT + " above " + dir + "; set WIMIGRATE_TESTBED_BIN");
  }

  private static Path runBuildScript(Path script) {
    try {
      Process process =
          new ProcessBuilder(List.of("bash", script.toString()))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String last = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          last = line;
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || last == null) {
        throw new IllegalStateException(script + " failed with exit code " + exit);
      }
      return Path.of(last.trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
