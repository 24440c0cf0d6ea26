package dev.wimigrate.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the test bed is a real control plane: tokens, OIDC discovery, scheduling, fake nodes. */
@ExtendWith(ControlPlaneExtension.class)
class ControlPlaneTest {

  static final String AUDIENCE = "api://AzureADTokenExchange";
  final ObjectMapper json = new ObjectMapper();

  @Test
  void serviceAccountTokenVerifiesAgainstTheIssuersPublishedJwks(ControlPlane plane)
      throws Exception {
    KubernetesClient kube = plane.client();
    String ns = namespace(kube, "tokens");
    kube.serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("app").endMetadata().build())
        .create();

    String token = requestToken(kube, ns, "app", AUDIENCE, 3600);

    // Fetch discovery and keys exactly as Entra does: anonymously, over TLS, from the issuer.
    HttpClient anonymous =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(plane))
            .build();
    JsonNode discovery =
        json.readTree(get(anonymous, plane.issuerUrl() + "/.well-known/openid-configuration"));
    assertThat(discovery.path("issuer").asText()).isEqualTo(plane.issuerUrl());
    String jwksUri = discovery.path("jwks_uri").asText();
    assertThat(jwksUri).startsWith(plane.issuerUrl());
    JsonWebKeySet keys = new JsonWebKeySet(get(anonymous, jwksUri));
    assertThat(keys.getJsonWebKeys()).isNotEmpty();

    JwtClaims claims = consumer(plane, keys, AUDIENCE).processToClaims(token);
    assertThat(claims.getIssuer()).isEqualTo(plane.issuerUrl());
    assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:" + ns + ":app");
    assertThat(claims.getAudience()).containsExactly(AUDIENCE);
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(3600);
  }

  @Test
  void tokenForAnotherAudienceIsRejectedByTheVerifier(ControlPlane plane) throws Exception {
    KubernetesClient kube = plane.client();
    String ns = namespace(kube, "audience");
    kube.serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("app").endMetadata().build())
        .create();
    String token = requestToken(kube, ns, "app", "https://kubernetes.default.svc", 3600);
    HttpClient anonymous =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(plane))
            .build();
    JsonWebKeySet keys = new JsonWebKeySet(get(anonymous, plane.issuerUrl() + "/openid/v1/jwks"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> consumer(plane, keys, AUDIENCE).processToClaims(token))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("Audience");
  }

  @Test
  void deploymentPodsAreScheduledOntoFakeLinuxNodesAndRun(ControlPlane plane) {
    KubernetesClient kube = plane.client();
    String ns = namespace(kube, "rollout");
    kube.apps().deployments().inNamespace(ns).resource(deployment("web", 2, Map.of())).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<Pod> pods =
                  kube.pods().inNamespace(ns).withLabel("app", "web").list().getItems();
              assertThat(pods).hasSize(2);
              assertThat(pods)
                  .allSatisfy(
                      pod -> {
                        assertThat(pod.getSpec().getNodeName()).startsWith("kwok-linux-");
                        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                      });
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        kube.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("web")
                            .get()
                            .getStatus()
                            .getReadyReplicas())
                    .isEqualTo(2));
  }

  @Test
  void windowsPodsLandOnTheWindowsNode(ControlPlane plane) {
    KubernetesClient kube = plane.client();
    String ns = namespace(kube, "windows");
    Deployment windows = deployment("legacy", 1, Map.of("kubernetes.io/os", "windows"));
    windows
        .getSpec()
        .getTemplate()
        .getSpec()
        .setTolerations(
            List.of(
                new io.fabric8.kubernetes.api.model.TolerationBuilder()
                    .withKey("os")
                    .withValue("windows")
                    .withEffect("NoSchedule")
                    .build()));
    kube.apps().deployments().inNamespace(ns).resource(windows).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kube.pods().inNamespace(ns).list().getItems())
                    .singleElement()
                    .satisfies(
                        pod -> {
                          assertThat(pod.getSpec().getNodeName()).isEqualTo("kwok-windows-0");
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                        }));
  }

  @Test
  void severalControlPlanesRunSideBySideWithTheirOwnIssuers(ControlPlane plane) {
    ControlPlane other = ControlPlanes.shared("cluster-b");

    assertThat(other.issuerUrl()).isNotEqualTo(plane.issuerUrl());
    String ns = namespace(plane.client(), "isolation");
    assertThat(other.client().namespaces().withName(ns).get()).isNull();
    assertThat(other.kubernetesVersion()).isEqualTo(plane.kubernetesVersion()).startsWith("v1.");
  }

  static String requestToken(
      KubernetesClient kube, String ns, String sa, String audience, long seconds) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience)
            .withExpirationSeconds(seconds)
            .endSpec()
            .build();
    return kube.serviceAccounts()
        .inNamespace(ns)
        .withName(sa)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  static String namespace(KubernetesClient kube, String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    // the service-account controller creates "default" asynchronously; pods need it
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  static Deployment deployment(String name, int replicas, Map<String, String> nodeSelector) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(nodeSelector)
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static JwtConsumer consumer(ControlPlane plane, JsonWebKeySet keys, String audience) {
    return new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setRequireSubject()
        .setExpectedIssuer(plane.issuerUrl())
        .setExpectedAudience(audience)
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
        .build();
  }

  static SSLContext trusting(ControlPlane plane) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    plane.caCertificatePem().getBytes(StandardCharsets.UTF_8))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s anonymously", url).isEqualTo(200);
    return response.body();
  }
}
