package dev.wimigrate.agent.commands;

import static dev.wimigrate.agent.commands.Samples.cleanup;
import static dev.wimigrate.agent.commands.Samples.ensure;
import static dev.wimigrate.agent.commands.Samples.patch;
import static dev.wimigrate.agent.commands.Samples.restart;
import static dev.wimigrate.agent.commands.Samples.rollback;
import static dev.wimigrate.agent.commands.Samples.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.agent.discovery.ClusterReader;
import dev.wimigrate.agent.facts.ClusterFacts;
import dev.wimigrate.agent.facts.ClusterFactsReader;
import dev.wimigrate.agent.leader.AgentLeadership;
import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/cluster-agent/} applied to a real apiserver, and the agent's
 * discovery and every command run with a client authenticated as its service account (a token from
 * the TokenRequest API): the role is enough for all of it, and grants nothing beyond.
 */
class AgentRbacTest {

  static final Path DEPLOY = Path.of("..", "deploy", "cluster-agent");
  static final String CLIENT = "11111111-1111-1111-1111-111111111111";

  static ControlPlane plane;
  static KubernetesClient admin;
  static KubernetesClient asAgent;

  @BeforeAll
  static void agentIdentity() throws Exception {
    plane = ControlPlanes.shared();
    admin = plane.client();
    Samples.installCrds(plane);
    for (String file : List.of("namespace.yaml", "rbac.yaml")) {
      try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
        admin.load(in).serverSideApply();
      }
    }
    TokenRequest token =
        admin
            .serviceAccounts()
            .inNamespace("wimigrate-system")
            .withName("wimigrate-cluster-agent")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build());
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(plane.apiServerUrl())
            .withCaCertData(
                Base64.getEncoder()
                    .encodeToString(plane.caCertificatePem().getBytes(StandardCharsets.US_ASCII)))
            .withOauthToken(token.getStatus().getToken())
            .build();
    asAgent = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void close() {
    if (asAgent != null) {
      asAgent.close();
    }
  }

  @Test
  void theDeploymentManifestIsValidForTheApiserver() throws Exception {
    try (InputStream in = Files.newInputStream(DEPLOY.resolve("deployment.yaml"))) {
      for (HasMetadata item : admin.load(in).items()) {
        assertThat(admin.resource(item).dryRun().create()).isNotNull();
      }
    }
  }

  @Test
  void discoveryWorksAsTheAgentsServiceAccount() throws Exception {
    ClusterReader reader = new ClusterReader(asAgent);
    assertThat(reader.workloadObjects()).isNotEmpty();
    assertThat(reader.serviceAccounts()).isNotEmpty();
    assertThat(reader.namespaceLabels()).containsKey("wimigrate-system");
    reader.azureIdentities();
    reader.azureIdentityBindings();
    reader.triggerAuthentications();
    reader.clusterTriggerAuthentications();
    ClusterFacts facts = new ClusterFactsReader(asAgent, plane.name()).read();
    assertThat(facts.podIdentityCrdsInstalled()).isTrue();
    assertThat(facts.kedaInstalled()).isTrue();
    assertThat(facts.oidcIssuerUrl()).isEqualTo(plane.issuerUrl());
    // the informers' watches
    for (Supplier<Watch> watch :
        List.<Supplier<Watch>>of(
            () -> asAgent.apps().deployments().inAnyNamespace().watch(new Ignore<>()),
            () -> asAgent.apps().statefulSets().inAnyNamespace().watch(new Ignore<>()),
            () -> asAgent.apps().daemonSets().inAnyNamespace().watch(new Ignore<>()),
            () -> asAgent.batch().v1().cronjobs().inAnyNamespace().watch(new Ignore<>()),
            () -> asAgent.batch().v1().jobs().inAnyNamespace().watch(new Ignore<>()),
            () -> asAgent.pods().inAnyNamespace().watch(new Ignore<>()))) {
      watch.get().close();
    }
  }

  @Test
  void everyCommandWorksAsTheAgentsServiceAccount() throws Exception {
    String ns = Samples.namespace(admin, "rbac");
    Samples.podIdentity(admin, ns, "orders", CLIENT);
    Samples.triggerAuthentication(admin, ns, "queue-auth");
    admin
        .resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", ns, null, false, false)))
        .create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    CommandHandler handler = Samples.handler(asAgent, Duration.ofMinutes(2));

    assertThat(handler.handle(ensure(ref, "orders-wi", CLIENT, true)))
        .isInstanceOf(ServiceAccountReady.class);
    assertThat(handler.handle(ensure(ref, "orders-wi", CLIENT, false)))
        .isInstanceOf(ServiceAccountReady.class);
    assertThat(handler.handle(patch(ref, "orders-wi", true, false)))
        .isInstanceOf(WorkloadPatched.class);
    assertThat(handler.handle(restart(ref, false))).isInstanceOf(WorkloadRolledOut.class);
    // reading the pods is allowed; without a webhook they lack Workload ID
    Event verified = handler.handle(verify(ref, Duration.ofMinutes(2)));
    assertThat(((StepFailed) verified).errorCode()).isEqualTo("WorkloadIdentityNotInjected");
    CleanedUp cleaned = (CleanedUp) handler.handle(cleanup(ref, "orders", false));
    assertThat(cleaned.deletedObjects()).hasSize(2);
    assertThat(cleaned.updatedObjects()).hasSize(2);
    RolledBack back = (RolledBack) handler.handle(rollback(ref, false));
    assertThat(back.restoredObjects())
        .containsExactlyInAnyOrder(
            "AzureIdentity/" + ns + "/orders-id",
            "AzureIdentityBinding/" + ns + "/orders-binding",
            "TriggerAuthentication/" + ns + "/queue-auth",
            "ServiceAccount/" + ns + "/orders-wi",
            "Deployment/" + ns + "/orders");
  }

  @Test
  void whatTheRoleDoesNotGrantIsForbidden() {
    String ns = Samples.namespace(admin, "rbac-deny");
    forbidden(() -> asAgent.secrets().inNamespace(ns).withName("db-password").delete());
    forbidden(() -> asAgent.secrets().inNamespace(ns).list());
    forbidden(() -> asAgent.secrets().inAnyNamespace().list());
    forbidden(() -> asAgent.pods().inNamespace(ns).withName("any").delete());
    forbidden(() -> asAgent.apps().deployments().inNamespace(ns).withName("any").delete());
    // Jobs are read, never changed (their template is immutable)
    admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata()
                .withName("batch")
                .endMetadata()
                .withNewSpec()
                .withSuspend(true)
                .withTemplate(Samples.template("batch", null, null, false, false))
                .editTemplate()
                .editSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    forbidden(
        () ->
            asAgent
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName("batch")
                .edit(
                    j ->
                        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(j)
                            .editSpec()
                            .withSuspend(false)
                            .endSpec()
                            .build()));
    forbidden(() -> asAgent.configMaps().inNamespace(ns).list());
    forbidden(
        () ->
            asAgent
                .rbac()
                .clusterRoleBindings()
                .resource(
                    new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("escalate")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                        .build())
                .create());
  }

  @Test
  void oneReplicaLeadsAndASuccessorTakesOverWhenItStops() {
    String lease = "agent-lease-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    java.util.concurrent.atomic.AtomicInteger started =
        new java.util.concurrent.atomic.AtomicInteger();
    try (AgentLeadership first =
            new AgentLeadership(
                asAgent,
                "wimigrate-system",
                lease,
                "replica-1",
                Duration.ofSeconds(10),
                started::incrementAndGet,
                () -> {});
        AgentLeadership second =
            new AgentLeadership(
                asAgent,
                "wimigrate-system",
                lease,
                "replica-2",
                Duration.ofSeconds(10),
                started::incrementAndGet,
                () -> {})) {
      first.start();
      await().atMost(Duration.ofSeconds(30)).until(first::isLeader);
      second.start();
      assertThat(holder(lease)).isEqualTo("replica-1");
      assertThat(second.isLeader()).isFalse();

      first.close(); // releases the lease
      await().atMost(Duration.ofSeconds(60)).until(second::isLeader);
      assertThat(holder(lease)).isEqualTo("replica-2");
      assertThat(first.isLeader()).isFalse();
      assertThat(started).hasValue(2);
    }
    // the Role covers leases in the agent's namespace only
    forbidden(
        () ->
            asAgent
                .leases()
                .inNamespace("default")
                .resource(
                    new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                        .withNewMetadata()
                        .withName(lease)
                        .endMetadata()
                        .build())
                .create());
  }

  static String holder(String lease) {
    return admin
        .leases()
        .inNamespace("wimigrate-system")
        .withName(lease)
        .get()
        .getSpec()
        .getHolderIdentity();
  }

  static void forbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  static final class Ignore<T> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {}

    @Override
    public void onClose(WatcherException cause) {}
  }
}
