package dev.wimigrate.agent;

import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.InputStream;
import java.util.Map;

/**
 * Points the agent's Kubernetes client at the JVM's shared real control plane and installs the pod
 * identity and KEDA CRDs there, as on a cluster that runs aad-pod-identity.
 */
public class ControlPlaneTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    ControlPlane plane = ControlPlanes.shared();
    for (String crds : new String[] {"/crds/aad-pod-identity.yaml", "/crds/keda.yaml"}) {
      try (InputStream in = ControlPlaneTestResource.class.getResourceAsStream(crds)) {
        plane.client().load(in).serverSideApply();
      } catch (Exception e) {
        throw new IllegalStateException("cannot install " + crds, e);
      }
    }
    Config config = Config.fromKubeconfig(plane.adminKubeconfig());
    return Map.of(
        "quarkus.kubernetes-client.api-server-url", config.getMasterUrl(),
        "quarkus.kubernetes-client.ca-cert-data", config.getCaCertData(),
        "quarkus.kubernetes-client.client-cert-data", config.getClientCertData(),
        "quarkus.kubernetes-client.client-key-data", config.getClientKeyData(),
        "wimigrate.agent.cluster-id", plane.name());
  }

  @Override
  public void stop() {
    // shared for the JVM
  }
}
