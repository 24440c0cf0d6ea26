package dev.wimigrate.proxy.testing;

import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The proxy as it runs in a migrated pod, with everything around it real or emulated faithfully:
 * the test bed's kube-apiserver issues the service account's projected token (audience {@code
 * api://AzureADTokenExchange}), the Azure emulator's Entra endpoint validates it against that
 * apiserver's OIDC discovery and JWKS and checks the federated identity credential registered
 * through ARM.
 *
 * <p>Identities: {@link #identity()} federates {@code system:serviceaccount:<ns>:app}, the service
 * account whose token the proxy presents; {@link #otherIdentity()} federates a different subject
 * ({@code ...:someone-else}), so exchanges for it are refused with AADSTS70021.
 *
 * <p>The proxy's log goes to {@link #logFile()} at DEBUG, so tests can check what it never logs.
 */
public class WorkloadIdentityTestBed implements QuarkusTestResourceLifecycleManager {

  public static final String AUDIENCE = "api://AzureADTokenExchange";
  public static final String SERVICE_ACCOUNT = "app";

  private static ControlPlane plane;
  private static AzureEmulator azure;
  private static String namespace;
  private static ManagedIdentity identity;
  private static ManagedIdentity otherIdentity;
  private static Path dir;

  public static AzureEmulator azure() {
    return azure;
  }

  public static ControlPlane plane() {
    return plane;
  }

  public static String namespace() {
    return namespace;
  }

  public static ManagedIdentity identity() {
    return identity;
  }

  public static ManagedIdentity otherIdentity() {
    return otherIdentity;
  }

  public static Path tokenFile() {
    return dir.resolve("azure-identity-token");
  }

  public static Path logFile() {
    return dir.resolve("proxy.log");
  }

  public static String subject(String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /** The proxy's environment in the pod (as the webhook injects it), pointed at the emulator. */
  public static Map<String, String> proxyEnvironment() {
    return Map.of(
        "AZURE_TENANT_ID", azure.tenantId(),
        "AZURE_CLIENT_ID", identity.clientId(),
        "AZURE_AUTHORITY_HOST", azure.authorityHost(),
        "AZURE_FEDERATED_TOKEN_FILE", tokenFile().toString(),
        "WIMIGRATE_AUTHORITY_CA_FILE", dir.resolve("emulator-ca.pem").toString());
  }

  @Override
  public synchronized Map<String, String> start() {
    try {
      if (plane == null) {
        setUp();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, String> config = new HashMap<>(proxyEnvironment());
    // nothing answers here: forwarded IMDS paths are not part of these tests
    config.put("WIMIGRATE_IMDS_ENDPOINT", "http://127.0.0.1:9");
    config.put("quarkus.log.level", "DEBUG");
    config.put("quarkus.log.file.enabled", "true");
    config.put("quarkus.log.file.path", logFile().toString());
    config.put("quarkus.log.file.level", "DEBUG");
    // the test's own HTTP client (RestAssured's Apache client) logs the wire at DEBUG, including
    // the token it receives; the proxy and every other logger stay at DEBUG
    config.put("quarkus.log.category.\"org.apache.http\".level", "INFO");
    return config;
  }

  private static void setUp() throws IOException, InterruptedException {
    plane = ControlPlanes.shared();
    dir = Files.createTempDirectory("proxy-token-flow");
    azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .ficWriteHold(Duration.ofMillis(10))
            .start();
    Files.writeString(dir.resolve("emulator-ca.pem"), azure.caCertificatePem());

    namespace = "proxy-" + UUID.randomUUID().toString().substring(0, 8);
    var kube = plane.client();
    kube.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(SERVICE_ACCOUNT)
                .endMetadata()
                .build())
        .create();
    writeProjectedToken(SERVICE_ACCOUNT);

    identity = federatedIdentity("mi-app", subject(SERVICE_ACCOUNT));
    otherIdentity = federatedIdentity("mi-other", subject("someone-else"));
  }

  /** What the kubelet does for the projected volume: a TokenRequest, written to the file. */
  public static String writeProjectedToken(String serviceAccount) throws IOException {
    String token =
        plane
            .client()
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withAudiences(AUDIENCE)
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Files.writeString(tokenFile(), token, StandardCharsets.UTF_8);
    return token;
  }

  /** A user-assigned identity with one federated credential, the credential written via ARM. */
  private static ManagedIdentity federatedIdentity(String name, String subject)
      throws IOException, InterruptedException {
    ManagedIdentity created = azure.createIdentity("rg-proxy", name, "westeurope");
    String body =
        "{\"properties\":{\"issuer\":\""
            + plane.issuerUrl()
            + "\",\"subject\":\""
            + subject
            + "\",\"audiences\":[\""
            + AUDIENCE
            + "\"]}}";
    HttpClient http = HttpClient.newBuilder().sslContext(azure.sslContext()).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        azure.armUrl()
                            + created.id()
                            + "/federatedIdentityCredentials/fic-"
                            + name
                            + "?api-version=2023-01-31"))
                .header("Authorization", "Bearer " + azure.armAccessToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "creating the federated credential failed: "
              + response.statusCode()
              + " "
              + response.body());
    }
    return created;
  }

  @Override
  public void stop() {
    // the emulator and the namespace live as long as the JVM: several test classes share them
  }
}
