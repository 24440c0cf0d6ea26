package dev.wimigrate.proxy.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyArgsTest {

  @Test
  void webhookSidecarArgsAreUnderstood() {
    ProxyArgs args = ProxyArgs.parse("--proxy-port=8001", "--log-level=info");

    assertThat(args)
        .isEqualTo(
            new ProxyArgs(
                Optional.of(8001), false, ProxyArgs.DEFAULT_PROBE_TIMEOUT, Optional.of("INFO")));
  }

  @Test
  void webhookPostStartArgsSelectProbeMode() {
    ProxyArgs args =
        ProxyArgs.parse(
            "--proxy-port", "9000", "--probe", "--log-level=debug", "--probe-timeout=5");

    assertThat(args.probe()).isTrue();
    assertThat(args.proxyPort()).contains(9000);
    assertThat(args.logLevel()).contains("DEBUG");
    assertThat(args.probeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noArgsMeanServeOnTheConfiguredPort() {
    assertThat(ProxyArgs.parse().proxyPort()).isEmpty();
    assertThat(ProxyArgs.parse().probe()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--proxy-port=0|proxy port 0 is not between 1 and 65535",
        "--proxy-port=http|proxy port 'http' is not a number",
        "--proxy-port|--proxy-port needs a value",
        "--log-level=verbose|--log-level=verbose is not one of info, debug, trace, all, warning, error",
        "--port=80|unknown argument --port=80",
        "--probe-timeout=0|--probe-timeout must be at least 1 second"
      })
  void badArgumentsAreClearErrors(String arg, String message) {
    assertThatThrownBy(() -> ProxyArgs.parse(arg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
