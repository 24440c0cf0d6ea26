package dev.wimigrate.proxy.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both proxy images keep the reference image's contract with the webhook: the entrypoint is {@code
 * /proxy} (the postStart hook runs {@code /proxy --probe}) and the user is 1501, the UID that
 * proxy-init exempts from the redirect.
 */
class ImageContractTest {

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
  void imageRunsProxyAsTheUidProxyInitExempts(String dockerfile) throws Exception {
    String text = Files.readString(Path.of("src", "main", "docker", dockerfile));

    assertThat(text.lines().filter(l -> l.startsWith("ENTRYPOINT")))
        .containsExactly("ENTRYPOINT [\"/proxy\"]");
    assertThat(text.lines().filter(l -> l.startsWith("USER")).reduce((a, b) -> b))
        .contains("USER 1501:1501");
    String proxyInit = Files.readString(Path.of("..", "proxy-init", "init-iptables.sh"));
    assertThat(proxyInit).contains("PROXY_UID=${PROXY_UID:-1501}");
  }
}
