package dev.wimigrate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.proxy.probe.ProxyArgs;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProxyMainTest {

  static Function<String, Optional<String>> env(Map<String, String> values) {
    return key -> Optional.ofNullable(values.get(key));
  }

  @Test
  void proxyPortFlagWinsOverTheEnvironment() {
    assertThat(
            ProxyMain.listenPort(
                ProxyArgs.parse("--proxy-port=9100"), env(Map.of("PROXY_PORT", "9200"))))
        .isEqualTo(9100);
  }

  @Test
  void proxyPortEnvironmentIsUsedWithoutTheFlag() {
    assertThat(ProxyMain.listenPort(ProxyArgs.parse(), env(Map.of("PROXY_PORT", " 9200 "))))
        .isEqualTo(9200);
  }

  @Test
  void portDefaultsTo8000LikeTheReference() {
    assertThat(ProxyMain.listenPort(ProxyArgs.parse(), env(Map.of()))).isEqualTo(8000);
    assertThat(ProxyMain.listenPort(ProxyArgs.parse(), env(Map.of("PROXY_PORT", ""))))
        .isEqualTo(8000);
  }

  @Test
  void invalidProxyPortEnvironmentIsAStartUpErrorNamingTheVariable() {
    assertThatThrownBy(
            () -> ProxyMain.listenPort(ProxyArgs.parse(), env(Map.of("PROXY_PORT", "eighty"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PROXY_PORT=eighty: proxy port 'eighty' is not a number");
    assertThatThrownBy(
            () -> ProxyMain.listenPort(ProxyArgs.parse(), env(Map.of("PROXY_PORT", "70000"))))
        .hasMessage("PROXY_PORT=70000: proxy port 70000 is not between 1 and 65535");
  }
}
