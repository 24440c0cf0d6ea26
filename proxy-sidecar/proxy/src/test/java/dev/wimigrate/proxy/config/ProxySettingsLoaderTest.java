package dev.wimigrate.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxySettingsLoaderTest {

  @TempDir Path dir;
  Path tokenFile;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    tokenFile = Files.writeString(dir.resolve("azure-identity-token"), "jwt");
    env = new HashMap<>();
    env.put("AZURE_TENANT_ID", "tenant");
    env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
  }

  ProxySettings load() {
    return ProxySettingsLoader.load(k -> Optional.ofNullable(env.get(k)));
  }

  @Test
  void defaultsFollowTheReference() {
    ProxySettings settings = load();

    assertThat(settings.tenantId()).isEqualTo("tenant");
    assertThat(settings.defaultClientId()).isEmpty();
    assertThat(settings.authorityHost())
        .isEqualTo(URI.create("https://login.microsoftonline.com/"));
    assertThat(settings.imdsEndpoint()).isEqualTo(URI.create("http://169.254.169.254"));
    assertThat(settings.tokenFile()).isEqualTo(tokenFile);
    assertThat(settings.identityMapping().isEmpty()).isTrue();
  }

  @Test
  void authorityHostGetsATrailingSlashAndImdsEndpointLosesIt() {
    env.put("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us");
    env.put("WIMIGRATE_IMDS_ENDPOINT", "http://127.0.0.1:9999/");
    env.put("AZURE_CLIENT_ID", " client ");

    ProxySettings settings = load();

    assertThat(settings.authorityHost()).hasToString("https://login.microsoftonline.us/");
    assertThat(settings.imdsEndpoint()).hasToString("http://127.0.0.1:9999");
    assertThat(settings.defaultClientId()).contains("client");
  }

  @Test
  void missingTenantIsAClearStartUpError() {
    env.remove("AZURE_TENANT_ID");

    assertThatThrownBy(this::load)
        .isInstanceOf(InvalidProxySettingsException.class)
        .hasMessageContaining("AZURE_TENANT_ID not set");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    env.put("AZURE_TENANT_ID", " ");
    env.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("missing").toString());
    env.put("AZURE_AUTHORITY_HOST", "login.microsoftonline.com");
    env.put("WIMIGRATE_IDENTITY_MAPPING", "broken");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            InvalidProxySettingsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "AZURE_TENANT_ID not set: the proxy needs the Entra tenant to exchange"
                            + " tokens in",
                        "AZURE_AUTHORITY_HOST=login.microsoftonline.com must be an absolute"
                            + " http(s) URL",
                        "AZURE_FEDERATED_TOKEN_FILE="
                            + dir.resolve("missing")
                            + " is not a readable file",
                        "identity mapping invalid: WIMIGRATE_IDENTITY_MAPPING: entry 'broken' is"
                            + " not of the form <object id or resource id>=<client id>"));
  }

  @Test
  void missingTokenFileConfigIsAClearStartUpError() {
    env.remove("AZURE_FEDERATED_TOKEN_FILE");

    assertThatThrownBy(this::load).hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE not set");
  }

  @Test
  void tokenFilePathThatIsADirectoryIsRejected() {
    env.put("AZURE_FEDERATED_TOKEN_FILE", dir.toString());

    assertThatThrownBy(this::load).hasMessageContaining(dir + " is not a readable file");
  }

  @Test
  void mappingComesFromEnvAndMountedFileTogether() throws IOException {
    Path file = Files.writeString(dir.resolve("mapping"), "oid-2=client-2\n");
    env.put("WIMIGRATE_IDENTITY_MAPPING", "oid-1=client-1");
    env.put("WIMIGRATE_IDENTITY_MAPPING_FILE", file.toString());

    IdentityMapping mapping = load().identityMapping();

    assertThat(mapping.clientIdFor("oid-1")).contains("client-1");
    assertThat(mapping.clientIdFor("oid-2")).contains("client-2");
  }

  @Test
  void unreadableMappingFileIsAStartUpError() {
    env.put("WIMIGRATE_IDENTITY_MAPPING_FILE", dir.resolve("nope").toString());

    assertThatThrownBy(this::load)
        .hasMessageContaining("WIMIGRATE_IDENTITY_MAPPING_FILE=" + dir.resolve("nope"))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void authorityCaFileAddsItsCertificatesToTheTrustedCas() throws IOException {
    var ca = dev.wimigrate.testkit.pki.CertificateAuthority.create("egress proxy CA");
    Path pem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    env.put("WIMIGRATE_AUTHORITY_CA_FILE", pem.toString());

    assertThat(load().extraTrustedCas()).containsExactly(ca.certificate());
  }

  @Test
  void withoutAnAuthorityCaFileOnlyTheSystemCasAreTrusted() {
    assertThat(load().extraTrustedCas()).isEmpty();
  }

  @Test
  void unreadableOrNonPemAuthorityCaFileIsAStartUpError() throws IOException {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    env.put("WIMIGRATE_AUTHORITY_CA_FILE", notPem.toString());
    assertThatThrownBy(this::load)
        .isInstanceOf(InvalidProxySettingsException.class)
        .extracting(e -> ((InvalidProxySettingsException) e).problems())
        .asList()
        .containsExactly(
            "WIMIGRATE_AUTHORITY_CA_FILE=" + notPem + " is not a PEM certificate bundle");

    env.put("WIMIGRATE_AUTHORITY_CA_FILE", dir.resolve("missing.pem").toString());
    assertThatThrownBy(this::load)
        .extracting(e -> ((InvalidProxySettingsException) e).problems())
        .asList()
        .containsExactly(
            "WIMIGRATE_AUTHORITY_CA_FILE="
                + dir.resolve("missing.pem")
                + " cannot be read (NoSuchFileException)");
  }
}
