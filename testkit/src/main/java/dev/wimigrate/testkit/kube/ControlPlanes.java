package dev.wimigrate.testkit.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control planes a JVM shares, by cluster name: started on first use, stopped when the JVM
 * exits. Tests use unique namespaces, so one control plane serves many test classes; a fleet test
 * asks for several names and gets several clusters.
 */
public final class ControlPlanes {

  public static final String DEFAULT = "cluster-a";

  private static final Map<String, ControlPlane> PLANES = new LinkedHashMap<>();
  private static EtcdServer etcd;

  private ControlPlanes() {}

  public static ControlPlane shared() {
    return shared(DEFAULT);
  }

  public static synchronized ControlPlane shared(String name) {
    ControlPlane plane = PLANES.get(name);
    if (plane == null) {
      plane = startNew(name);
      PLANES.put(name, plane);
    }
    return plane;
  }

  /** A control plane of its own (the caller closes it). */
  public static synchronized ControlPlane startNew(String name) {
    if (K3sControlPlane.useK3s()) {
      return K3sControlPlane.start(name);
    }
    TestBedBinaries binaries = TestBedBinaries.locate();
    if (etcd == null) {
      etcd = EtcdServer.start(binaries);
      Runtime.getRuntime().addShutdownHook(new Thread(ControlPlanes::stopAll, "stop-testbed"));
    }
    return LocalControlPlane.start(name, binaries, etcd);
  }

  private static synchronized void stopAll() {
    PLANES.values().forEach(ControlPlane::close);
    PLANES.clear();
    if (etcd != null) {
      etcd.close();
    }
  }
}
