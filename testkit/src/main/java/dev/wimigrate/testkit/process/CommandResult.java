package dev.wimigrate.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a one-shot command printed, and how it exited. */
public record CommandResult(int exitCode, String stdout, String stderr) {

  /**
   * Runs {@code command} to its end. With {@code cleanEnvironment} the process sees only {@code
   * environment} plus {@code PATH} and {@code HOME} (so nothing of the test JVM's environment, e.g.
   * an {@code IDENTITY_ENDPOINT}, leaks in); otherwise {@code environment} is added to the JVM's.
   *
   * @throws AssertionError when it does not finish within {@code timeout}
   */
  public static CommandResult run(
      List<String> command,
      Map<String, String> environment,
      boolean cleanEnvironment,
      Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    if (cleanEnvironment) {
      // the sbin directories too: root tools (iptables, ip, unshare) live there
      String path =
          env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")
              + ":/usr/local/sbin:/usr/sbin:/sbin";
      String home = env.get("HOME");
      env.clear();
      env.put("PATH", path);
      if (home != null) {
        env.put("HOME", home);
      }
    }
    env.putAll(environment);
    try {
      Path dir = Files.createTempDirectory("wimigrate-cmd-");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(command + " did not finish in " + timeout);
        }
        return new CommandResult(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
