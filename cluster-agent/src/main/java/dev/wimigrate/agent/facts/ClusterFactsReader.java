package dev.wimigrate.agent.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Reads {@link ClusterFacts} from the apiserver the agent runs against. */
@ApplicationScoped
public class ClusterFactsReader {

  static final String AZWI_WEBHOOK = "azure-wi-webhook-mutating-webhook-configuration";
  static final String POD_IDENTITY_CRD = "azureidentities.aadpodidentity.k8s.io";
  static final String KEDA_CRD = "triggerauthentications.keda.sh";

  private static final Logger LOG = Logger.getLogger(ClusterFactsReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient kube;
  private final String clusterId;

  public ClusterFactsReader(
      KubernetesClient kube,
      @ConfigProperty(name = "wimigrate.agent.cluster-id") String clusterId) {
    this.kube = kube;
    this.clusterId = clusterId;
  }

  public ClusterFacts read() {
    return new ClusterFacts(
        clusterId,
        kube.getKubernetesVersion().getGitVersion(),
        issuerUrl(),
        exists(
            () ->
                kube.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(AZWI_WEBHOOK)
                    .get()),
        exists(
            () ->
                kube.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(POD_IDENTITY_CRD)
                    .get()),
        exists(
            () -> kube.apiextensions().v1().customResourceDefinitions().withName(KEDA_CRD).get()));
  }

  /** The service-account issuer, from the apiserver's own OIDC discovery document. */
  String issuerUrl() {
    try {
      JsonNode discovery = JSON.readTree(kube.raw("/.well-known/openid-configuration"));
      return discovery == null ? null : discovery.path("issuer").asText(null);
    } catch (Exception e) {
      LOG.debugf("OIDC discovery not readable: %s", e.getMessage());
      return null;
    }
  }

  private static boolean exists(java.util.function.Supplier<Object> lookup) {
    try {
      return lookup.get() != null;
    } catch (KubernetesClientException e) {
      // forbidden or unknown API group: report as absent rather than fail the whole report
      LOG.debugf("lookup failed: %s", e.getMessage());
      return false;
    }
  }
}
