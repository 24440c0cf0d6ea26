package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.polling.SyncPoller;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.RoleAssignment;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.ManagedClusterOidcIssuerProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterPodIdentity;
import com.azure.resourcemanager.containerservice.models.ManagedClusterSecurityProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterSecurityProfileWorkloadIdentity;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import com.azure.resourcemanager.msi.models.Identity;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unmodified Azure SDK for Java (azure-resourcemanager-msi, -authorization, -containerservice,
 * azure-identity) pointed at the emulator through a custom {@link AzureEnvironment} and an HTTP
 * client that trusts the emulator's CA.
 */
class AzureSdkCompatibilityTest {

  static final String RG = "sdk-rg";
  static final String AUD = "api://AzureADTokenExchange";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  AzureEmulator azure;
  TestIssuer issuer;
  HttpClient httpClient;
  AzureProfile profile;
  TokenCredential credential;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
    azure =
        AzureEmulator.builder()
            .trustIssuerCa(issuer.caPem())
            .registerClient("sdk-app", "sdk-secret")
            .ficWriteHold(Duration.ofMillis(20))
            .start();
    httpClient =
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(azure.sslContext()))
            .build();
    AzureEnvironment environment =
        new AzureEnvironment(
            Map.of(
                "resourceManagerEndpointUrl",
                azure.armUrl() + "/",
                "managementEndpointUrl",
                "https://management.core.windows.net/",
                "activeDirectoryEndpointUrl",
                azure.authorityHost(),
                // never called by these tests, but the managers refuse to start without them
                "activeDirectoryGraphResourceId",
                "https://graph.windows.net/",
                "microsoftGraphResourceId",
                "https://graph.microsoft.com/"));
    profile = new AzureProfile(azure.tenantId(), azure.subscriptionId(), environment);
    credential =
        new ClientSecretCredentialBuilder()
            .tenantId(azure.tenantId())
            .clientId("sdk-app")
            .clientSecret("sdk-secret")
            .authorityHost(azure.authorityHost())
            .disableInstanceDiscovery()
            .httpClient(httpClient)
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    azure.close();
    issuer.close();
  }

  MsiManager msi(TokenCredential with) {
    return MsiManager.configure().withHttpClient(httpClient).authenticate(with, profile);
  }

  static FederatedIdentityCredentialInner fic(String issuerUrl, String subject) {
    return new FederatedIdentityCredentialInner()
        .withIssuer(issuerUrl)
        .withSubject(subject)
        .withAudiences(List.of(AUD));
  }

  @Test
  void msiManagerCreatesGetsListsAndDeletesAnIdentity() {
    MsiManager msi = msi(credential);

    Identity created =
        msi.identities()
            .define("sdk-mi")
            .withRegion(Region.EUROPE_WEST)
            .withExistingResourceGroup(RG)
            .create();
    Identity fetched = msi.identities().getByResourceGroup(RG, "sdk-mi");

    assertThat(created.clientId()).isNotBlank();
    assertThat(fetched.principalId()).isEqualTo(created.principalId());
    assertThat(fetched.tenantId()).isEqualTo(azure.tenantId());
    assertThat(msi.identities().listByResourceGroup(RG).stream().map(Identity::name))
        .containsExactly("sdk-mi");

    msi.identities().deleteById(created.id());

    assertThat(azure.identities()).isEmpty();
    assertThatThrownBy(() -> msi.identities().getByResourceGroup(RG, "sdk-mi"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
              assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
            });
  }

  @Test
  void twentyFirstFederatedCredentialIsRefusedThroughTheSdkWithAzuresError() {
    MsiManager msi = msi(credential);
    azure.createIdentity(RG, "busy-mi", "westeurope");
    FederatedIdentityCredentialsClient fics = msi.serviceClient().getFederatedIdentityCredentials();

    for (int i = 1; i <= 20; i++) {
      FederatedIdentityCredentialInner made =
          fics.createOrUpdate(
              RG, "busy-mi", "fic-" + i, fic(issuer.url(), "system:serviceaccount:ns:sa-" + i));
      assertThat(made.subject()).isEqualTo("system:serviceaccount:ns:sa-" + i);
    }

    assertThatThrownBy(
            () ->
                fics.createOrUpdate(
                    RG, "busy-mi", "fic-21", fic(issuer.url(), "system:serviceaccount:ns:sa-21")))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
              assertThat(e.getValue().getCode()).isEqualTo("BadRequest");
              assertThat(e.getValue().getMessage()).contains("maximum number").contains("(20)");
            });
    assertThat(fics.list(RG, "busy-mi").stream().count()).isEqualTo(20);
    assertThat(azure.rejectedConcurrentWrites()).isZero();
  }

  @Test
  void authorizationManagerAssignsListsByPrincipalAndDeletesRoles() {
    ManagedIdentity mi = azure.createIdentity(RG, "reader-mi", "westeurope");
    AuthorizationManager auth =
        AuthorizationManager.configure()
            .withHttpClient(httpClient)
            .authenticate(credential, profile);
    String rgScope = "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + RG;

    RoleAssignment assignment =
        auth.roleAssignments()
            .define(UUID.randomUUID().toString())
            .forObjectId(mi.principalId())
            .withRoleDefinition(
                "/subscriptions/"
                    + azure.subscriptionId()
                    + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + READER)
            .withScope(rgScope)
            .create();
    List<RoleAssignment> listed = new ArrayList<>();
    auth.roleAssignments().listByServicePrincipal(mi.principalId()).forEach(listed::add);

    assertThat(assignment.roleDefinitionId()).endsWith("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assertThat(listed).extracting(RoleAssignment::scope).containsExactly(rgScope);

    auth.roleAssignments().deleteById(assignment.id());

    assertThat(azure.roleAssignmentsOf(mi.principalId())).isEmpty();
  }

  @Test
  void managedClusterUpdateRunsAsALongRunningOperationTheSdkPollsToTheEnd() {
    String issuerUrl = issuer.url() + "/";
    azure.clusterIssuerUrl(RG, "aks", issuerUrl);
    azure.putManagedCluster(
        RG,
        "aks",
        """
        {"location":"westeurope","properties":{"dnsPrefix":"aks","kubernetesVersion":"1.33.0",
         "podIdentityProfile":{"enabled":true,"userAssignedIdentities":[
           {"name":"orders","namespace":"shop","bindingSelector":"orders",
            "identity":{"resourceId":"/subscriptions/s/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders","clientId":"c1","objectId":"o1"}},
           {"name":"billing","namespace":"shop",
            "identity":{"resourceId":"/subscriptions/s/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/billing","clientId":"c2","objectId":"o2"}}],
          "userAssignedIdentityExceptions":[{"name":"ex","namespace":"shop","podLabels":{"app":"x"}}]}}}
        """);
    ManagedClustersClient clusters =
        ContainerServiceManager.configure()
            .withHttpClient(httpClient)
            .authenticate(credential, profile)
            .serviceClient()
            .getManagedClusters();

    ManagedClusterInner cluster = clusters.getByResourceGroup(RG, "aks");
    cluster.withOidcIssuerProfile(new ManagedClusterOidcIssuerProfile().withEnabled(true));
    cluster.withSecurityProfile(
        new ManagedClusterSecurityProfile()
            .withWorkloadIdentity(
                new ManagedClusterSecurityProfileWorkloadIdentity().withEnabled(true)));
    List<ManagedClusterPodIdentity> kept =
        new ArrayList<>(cluster.podIdentityProfile().userAssignedIdentities());
    kept.removeIf(p -> p.name().equals("orders"));
    cluster.podIdentityProfile().withUserAssignedIdentities(kept);
    SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller =
        clusters.beginCreateOrUpdate(RG, "aks", cluster);
    ManagedClusterInner updated = poller.getFinalResult();

    assertThat(updated.provisioningState()).isEqualTo("Succeeded");
    assertThat(updated.oidcIssuerProfile().issuerUrl()).isEqualTo(issuerUrl);
    assertThat(updated.securityProfile().workloadIdentity().enabled()).isTrue();
    assertThat(updated.podIdentityProfile().userAssignedIdentities())
        .extracting(ManagedClusterPodIdentity::name)
        .containsExactly("billing");
    assertThat(azure.answers(Operation.CLUSTER_OPERATION_STATUS, 200)).isPositive();

    updated.podIdentityProfile().withEnabled(false).withUserAssignedIdentities(List.of());
    ManagedClusterInner disabled = clusters.createOrUpdate(RG, "aks", updated);

    assertThat(disabled.podIdentityProfile().enabled()).isFalse();
    assertThat(disabled.podIdentityProfile().userAssignedIdentities()).isNullOrEmpty();
    assertThat(azure.operations()).allSatisfy(op -> assertThat(op.status()).isEqualTo("Succeeded"));

    clusters.delete(RG, "aks");

    assertThat(azure.managedCluster(RG, "aks")).isEmpty();
    assertThat(azure.answers(Operation.CLUSTER_DELETE, 202)).isEqualTo(1);
  }

  @Test
  void clientAssertionCredentialExchangesAFederatedTokenAndCallsArmAsTheIdentity()
      throws Exception {
    ManagedIdentity mi = azure.createIdentity(RG, "workload-mi", "westeurope");
    String subject = "system:serviceaccount:shop:orders";
    msi(credential)
        .serviceClient()
        .getFederatedIdentityCredentials()
        .createOrUpdate(RG, "workload-mi", "orders", fic(issuer.url(), subject));
    TokenCredential workload =
        new ClientAssertionCredentialBuilder()
            .tenantId(azure.tenantId())
            .clientId(mi.clientId())
            .clientAssertion(
                () -> {
                  try {
                    return issuer.token(
                        subject, AUD, Instant.now(), Instant.now().plusSeconds(600));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .authorityHost(azure.authorityHost())
            .disableInstanceDiscovery()
            .httpClient(httpClient)
            .build();

    List<Identity> seen = new ArrayList<>();
    msi(workload).identities().listByResourceGroup(RG).forEach(seen::add);

    assertThat(seen).extracting(Identity::name).containsExactly("workload-mi");
    assertThat(azure.tokensIssuedFor(mi)).isEqualTo(1);
  }

  @Test
  void sdkRetriesThrottlingAndInjectedFaultsHonouringRetryAfterAndSucceeds() {
    MsiManager msi = msi(credential);
    azure.createIdentity(RG, "steady-mi", "westeurope");
    azure.updateRules(
        r -> r.withThrottling(ArmThrottling.azure().withReads(new ArmThrottling.Bucket(1, 0.5))));

    azure.failNextArmCalls(FaultInjection.Kind.SERVICE_UNAVAILABLE);
    Identity first = msi.identities().getByResourceGroup(RG, "steady-mi");
    Identity second = msi.identities().getByResourceGroup(RG, "steady-mi");

    assertThat(first.id()).isEqualTo(second.id());
    assertThat(azure.answers(Operation.IDENTITY_GET, 503)).isEqualTo(1);
    // one 429 only: a retry sooner than the 2 s Retry-After would have found the bucket empty again
    assertThat(azure.answers(Operation.IDENTITY_GET, 429)).isEqualTo(1);
    assertThat(azure.throttledCalls()).isEqualTo(1);
    assertThat(azure.answers(Operation.IDENTITY_GET, 200)).isEqualTo(2);
  }
}
