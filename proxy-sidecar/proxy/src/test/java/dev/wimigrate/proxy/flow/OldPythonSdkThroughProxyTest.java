package dev.wimigrate.proxy.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.testing.WorkloadIdentityTestBed;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.process.CommandResult;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real old Azure SDK gets its token through the proxy: Python {@code azure-identity} 1.7.1,
 * installed by {@code scripts/old-sdk/python-azure-identity.sh} into a cached venv, with {@code
 * AZURE_POD_IDENTITY_AUTHORITY_HOST} pointing at the proxy (the unprivileged mode: no iptables).
 * Behind the proxy, the test bed's kube-apiserver token is exchanged at the Azure emulator.
 */
@QuarkusTest
@WithTestResource(WorkloadIdentityTestBed.class)
class OldPythonSdkThroughProxyTest {

  static final String SDK_VERSION = "1.7.1";
  static final Path INSTALLER =
      Path.of("..", "..", "scripts", "old-sdk", "python-azure-identity.sh").toAbsolutePath();

  static Path python;
  static Path program;

  @TestHTTPResource("/")
  URL proxy;

  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void installOldSdk() throws Exception {
    CommandResult install =
        run(List.of("/bin/sh", INSTALLER.toString(), SDK_VERSION), Map.of(), 600);
    assertThat(install.exitCode())
        .as("installing azure-identity %s failed:%n%s", SDK_VERSION, install.stderr())
        .isZero();
    List<String> lines = install.stdout().lines().toList();
    python = Path.of(lines.get(lines.size() - 1));
    program = Files.createTempFile("get_token", ".py");
    try (InputStream in =
        OldPythonSdkThroughProxyTest.class.getResourceAsStream("/old-sdk/get_token.py")) {
      Files.write(program, in.readAllBytes());
    }
  }

  /** Runs with only what an app container would have: no MSI_ENDPOINT / IDENTITY_ENDPOINT. */
  static CommandResult run(List<String> command, Map<String, String> env, int timeoutSeconds) {
    return CommandResult.run(command, env, true, Duration.ofSeconds(timeoutSeconds));
  }

  /** Runs the app's code with the proxy announced as the pod-identity endpoint. */
  JsonNode getToken(String scope, String clientId) throws Exception {
    String authorityHost = "http://127.0.0.1:" + proxy.getPort();
    List<String> command = new ArrayList<>(List.of(python.toString(), program.toString(), scope));
    if (clientId != null) {
      command.add(clientId);
    }
    CommandResult app =
        run(command, Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", authorityHost), 120);
    assertThat(app.exitCode()).as("the Python app failed:%n%s", app.stderr()).isZero();
    return json.readTree(app.stdout().strip());
  }

  JwtClaims verifiedClaims(String token, String audience) throws Exception {
    AzureEmulator azure = WorkloadIdentityTestBed.azure();
    return new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setExpectedIssuer(azure.tokenIssuer())
        .setExpectedAudience(audience)
        .setVerificationKeyResolver(
            new JwksVerificationKeyResolver(azure.publicKeys().getJsonWebKeys()))
        .build()
        .processToClaims(token);
  }

  @Test
  void managedIdentityCredentialWithClientIdGetsAnEntraTokenThroughTheProxy() throws Exception {
    ManagedIdentity identity = WorkloadIdentityTestBed.identity();
    long issuedBefore = WorkloadIdentityTestBed.azure().tokensIssuedFor(identity);
    long now = Instant.now().getEpochSecond();

    JsonNode result = getToken("https://management.azure.com/.default", identity.clientId());

    assertThat(result.get("sdk_version").asText()).isEqualTo(SDK_VERSION);
    assertThat(result.get("credential").asText()).isEqualTo("ImdsCredential");
    JwtClaims claims = verifiedClaims(result.get("token").asText(), "https://management.azure.com");
    assertThat(claims.getStringClaimValue("appid")).isEqualTo(identity.clientId());
    assertThat(claims.getStringClaimValue("xms_mirid")).isEqualTo(identity.id());
    // the SDK parsed expires_on from the IMDS-shaped answer
    assertThat(result.get("expires_on").asLong()).isBetween(now + 3500, now + 3700);
    assertThat(WorkloadIdentityTestBed.azure().tokensIssuedFor(identity))
        .isEqualTo(issuedBefore + 1);
  }

  @Test
  void managedIdentityCredentialWithoutClientIdGetsThePodsDefaultIdentity() throws Exception {
    ManagedIdentity identity = WorkloadIdentityTestBed.identity();

    JsonNode result = getToken("https://vault.azure.net/.default", null);

    JwtClaims claims = verifiedClaims(result.get("token").asText(), "https://vault.azure.net");
    assertThat(claims.getStringClaimValue("appid")).isEqualTo(identity.clientId());
  }

  @Test
  void entraRefusalReachesTheOldSdkAsAnAuthenticationError() throws Exception {
    ManagedIdentity other = WorkloadIdentityTestBed.otherIdentity();
    String authorityHost = "http://127.0.0.1:" + proxy.getPort();

    CommandResult app =
        run(
            List.of(
                python.toString(),
                program.toString(),
                "https://storage.azure.com/.default",
                other.clientId()),
            Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", authorityHost),
            120);

    // 1.7.1 turns a 400 from IMDS into CredentialUnavailableError and shows IMDS' description
    assertThat(app.exitCode()).isNotZero();
    assertThat(app.stdout()).isEmpty();
    assertThat(app.stderr()).contains("CredentialUnavailableError").contains("AADSTS70021");
    String assertion = Files.readString(WorkloadIdentityTestBed.tokenFile()).trim();
    assertThat(app.stderr()).doesNotContain(assertion.substring(assertion.lastIndexOf('.') + 1));
  }
}
