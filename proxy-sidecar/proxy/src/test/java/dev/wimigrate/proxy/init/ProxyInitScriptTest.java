package dev.wimigrate.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.testkit.process.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proxy-init script ({@code proxy-sidecar/proxy-init/init-iptables.sh}): the rule set it prints
 * in dry-run mode for each setting, its refusals, and the rules it really applies in a network
 * namespace of its own and where they send connections (needs root and iptables, which {@code
 * scripts/prerequisites.sh} installs).
 */
class ProxyInitScriptTest {

  static final Path SCRIPT = Path.of("..", "proxy-init", "init-iptables.sh").toAbsolutePath();

  static List<String> ruleLines(CommandResult run) {
    return run.stdout().lines().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
  }

  /** Runs the script with /bin/sh (dash on Debian: no bashisms) and only the given environment. */
  static CommandResult run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("/bin/sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    return exec(command, env, 30);
  }

  static CommandResult exec(List<String> command, Map<String, String> env, int timeoutSeconds) {
    return CommandResult.run(command, env, true, Duration.ofSeconds(timeoutSeconds));
  }

  @Test
  void dryRunPrintsTheReferenceRuleSetWithItsDefaults() {
    CommandResult run = run(Map.of(), "--dry-run");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            "# wimigrate proxy-init: PROXY_PORT=8000 METADATA_IP=169.254.169.254"
                + " METADATA_PORT=80 PROXY_UID=1501\n"
                + "*nat\n"
                + ":AZWI_PROXY_OUTPUT - [0:0]\n"
                + ":AZWI_PROXY_REDIRECT - [0:0]\n"
                + "-A AZWI_PROXY_REDIRECT -p tcp -j REDIRECT --to-ports 8000\n"
                + "-A AZWI_PROXY_OUTPUT -m owner --uid-owner 1501 -j ACCEPT\n"
                + "-A AZWI_PROXY_OUTPUT -j AZWI_PROXY_REDIRECT\n"
                + "-A OUTPUT -d 169.254.169.254/32 -p tcp -m tcp --dport 80 -j AZWI_PROXY_OUTPUT\n"
                + "COMMIT\n");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void dryRunFollowsProxyPortMetadataAddressAndProxyUid() {
    CommandResult run =
        run(
            Map.of(
                "DRY_RUN", "true",
                "PROXY_PORT", "15000",
                "METADATA_IP", "10.0.0.7",
                "METADATA_PORT", "8080",
                "PROXY_UID", "2001"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(ruleLines(run))
        .containsExactly(
            "*nat",
            ":AZWI_PROXY_OUTPUT - [0:0]",
            ":AZWI_PROXY_REDIRECT - [0:0]",
            "-A AZWI_PROXY_REDIRECT -p tcp -j REDIRECT --to-ports 15000",
            "-A AZWI_PROXY_OUTPUT -m owner --uid-owner 2001 -j ACCEPT",
            "-A AZWI_PROXY_OUTPUT -j AZWI_PROXY_REDIRECT",
            "-A OUTPUT -d 10.0.0.7/32 -p tcp -m tcp --dport 8080 -j AZWI_PROXY_OUTPUT",
            "COMMIT");
  }

  @Test
  void onlyTcpToTheMetadataAddressIsIntercepted() {
    List<String> rules = ruleLines(run(Map.of(), "--dry-run"));

    assertThat(rules.stream().filter(l -> l.startsWith("-A OUTPUT")))
        .singleElement()
        .asString()
        .contains("-d 169.254.169.254/32 -p tcp")
        .contains("--dport 80 ");
    assertThat(rules).noneMatch(l -> l.startsWith("*filter") || l.contains("PREROUTING"));
  }

  @ParameterizedTest(name = "{0}={1} is refused")
  @CsvSource({
    "PROXY_PORT, abc, PROXY_PORT=abc is not a port number between 1 and 65535",
    "PROXY_PORT, 0, PROXY_PORT=0 is not a port number between 1 and 65535",
    "PROXY_PORT, 65536, PROXY_PORT=65536 is not a port number between 1 and 65535",
    "PROXY_PORT, 080, PROXY_PORT=080 is not a port number between 1 and 65535",
    "PROXY_PORT, 8000 -j ACCEPT, PROXY_PORT=8000 -j ACCEPT is not a port number between 1 and 65535",
    "METADATA_PORT, -1, METADATA_PORT=-1 is not a port number between 1 and 65535",
    "METADATA_IP, 169.254.169, METADATA_IP=169.254.169 is not an IPv4 address",
    "METADATA_IP, 169.254.169.256, METADATA_IP=169.254.169.256 is not an IPv4 address",
    "METADATA_IP, fd00::1, METADATA_IP=fd00::1 is not an IPv4 address",
    "METADATA_IP, 169.254..254, METADATA_IP=169.254..254 is not an IPv4 address",
    "PROXY_UID, nobody, PROXY_UID=nobody is not a numeric user id",
    "PROXY_UID, 0, PROXY_UID=0: the proxy must not run as root (exempting UID 0 would exempt"
        + " every root process)",
    "IPTABLES_MODE, iptables, 'IPTABLES_MODE=iptables is not auto, nft or legacy'",
    "DRY_RUN, maybe, DRY_RUN=maybe is not true or false",
  })
  void invalidSettingIsRefusedWithAClearMessageBeforeAnyRuleIsTouched(
      String name, String value, String message) {
    CommandResult run = run(Map.of(name, value), "--dry-run");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).isEqualTo("proxy-init: " + message + "\n");
  }

  @Test
  void unknownArgumentIsAUsageError() {
    CommandResult run = run(Map.of(), "--proxy-port=9000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo("proxy-init: unknown argument '--proxy-port=9000' (see --help)\n");
  }

  @Test
  void helpNamesEveryVariable() {
    CommandResult run = run(Map.of(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("--dry-run")
        .contains("PROXY_PORT (8000)")
        .contains("METADATA_IP (169.254.169.254)")
        .contains("METADATA_PORT (80)")
        .contains("PROXY_UID (1501)")
        .contains("IPTABLES_MODE");
  }

  /**
   * Applies the rules for real, inside a network namespace of its own ({@code unshare -n}, which
   * needs root: the owner match refuses UIDs that a user namespace does not map, so {@code unshare
   * -rn} is not enough), twice, and checks {@code iptables-save} and where connections end up.
   */
  @Test
  void appliedRulesMatchTheDryRunAreIdempotentAndRedirectEveryoneButTheProxyUid()
      throws IOException {
    // not skipped when missing: scripts/prerequisites.sh installs iptables (CI runs it as root)
    String missing = missingNamespaceCapability();
    assertThat(missing)
        .as(
            "this test needs a throw-away network namespace with iptables (root, unshare -n,"
                + " iptables, curl, setpriv, /usr/bin/python3; run scripts/prerequisites.sh as"
                + " root); here: %s",
            missing)
        .isNull();
    Path check = Files.createTempFile("netns-redirect-check", ".sh");
    try (var in = getClass().getResourceAsStream("/proxy-init/netns-redirect-check.sh")) {
      Files.write(check, in.readAllBytes());
    }
    try {
      CommandResult run =
          exec(
              List.of(
                  "unshare",
                  "-n",
                  "/bin/sh",
                  check.toString(),
                  SCRIPT.toString(),
                  "1501",
                  "/usr/bin/python3"),
              Map.of(),
              60);

      assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
      Map<String, String> result =
          run.stdout()
              .lines()
              .filter(l -> !l.startsWith("saved: ") && l.contains("="))
              .collect(
                  Collectors.toMap(
                      l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
      assertThat(result)
          .containsEntry("first-run-status", "0")
          .containsEntry("second-run-status", "0")
          .containsEntry("app-reached", "proxy")
          .containsEntry("proxy-uid-reached", "imds");
      List<String> saved =
          run.stdout()
              .lines()
              .filter(l -> l.startsWith("saved: -A ") || l.startsWith("saved: :AZWI"))
              .map(l -> l.substring("saved: ".length()))
              .collect(Collectors.toList());
      List<String> expected =
          ruleLines(run(Map.of("PROXY_PORT", "18000"), "--dry-run")).stream()
              .filter(l -> l.startsWith("-A ") || l.startsWith(":"))
              .collect(Collectors.toList());
      assertThat(saved).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      Files.deleteIfExists(check);
    }
  }

  /** Why this machine cannot run the namespace test, or null when it can. */
  static String missingNamespaceCapability() {
    for (String tool :
        List.of("unshare", "ip", "iptables-save", "iptables-restore", "curl", "setpriv")) {
      if (exec(List.of("/bin/sh", "-c", "command -v " + tool), Map.of(), 10).exitCode() != 0) {
        return tool + " not installed";
      }
    }
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return "/usr/bin/python3 not installed";
    }
    CommandResult probe =
        exec(List.of("unshare", "-n", "iptables-save", "-t", "nat"), Map.of(), 10);
    if (probe.exitCode() != 0) {
      return "unshare -n iptables-save failed: " + probe.stderr().strip();
    }
    return null;
  }
}
