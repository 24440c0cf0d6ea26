package dev.wimigrate.webhook.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.webhook.admission.AdmissionHandler;
import dev.wimigrate.webhook.kube.KubernetesServiceAccounts;
import dev.wimigrate.webhook.mutation.AzureEnvironment;
import dev.wimigrate.webhook.mutation.KubernetesVersion;
import dev.wimigrate.webhook.mutation.MutationSettings;
import dev.wimigrate.webhook.mutation.PodMutator;
import dev.wimigrate.webhook.mutation.TokenLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Wires the pure mutation core to its configuration and the Kubernetes gateway. */
public class WebhookBeans {

  private static final Logger LOG = Logger.getLogger(WebhookBeans.class);

  /** Built at start-up, so a bad configuration stops the webhook with a clear message. */
  @Produces
  @Singleton
  @Startup
  MutationSettings settings(WebhookConfig config, KubernetesClient client) {
    KubernetesVersion version =
        KubernetesVersion.parse(
            config
                .kubernetesVersion()
                .filter(v -> !v.isBlank())
                .orElseGet(() -> client.getKubernetesVersion().getGitVersion()));
    MutationSettings settings =
        new MutationSettings(
            TokenLayout.parse(config.tokenLayout()),
            config.tenantId().orElse(""),
            AzureEnvironment.parse(config.azureEnvironment()).authorityHost(),
            config.audience(),
            config.proxy().image(),
            config.proxy().initImage(),
            config.proxy().logLevel(),
            config.proxy().uid(),
            config.proxy().probeCommand(),
            version.supportsNativeSidecars());
    LOG.infof(
        "token layout %s, Kubernetes %s: proxy sidecar placed as %s",
        settings.layout(),
        version,
        settings.nativeSidecars()
            ? "native sidecar (init container, restartPolicy Always)"
            : "first app container");
    return settings;
  }

  @Produces
  @Singleton
  PodMutator mutator(MutationSettings settings) {
    return new PodMutator(settings);
  }

  @Produces
  @Singleton
  @Startup
  KubernetesServiceAccounts serviceAccounts(WebhookConfig config, KubernetesClient client) {
    return config.serviceAccountCache()
        ? KubernetesServiceAccounts.cached(client)
        : KubernetesServiceAccounts.direct(client);
  }

  void close(@Disposes KubernetesServiceAccounts serviceAccounts) {
    serviceAccounts.close();
  }

  @Produces
  @Singleton
  AdmissionHandler handler(
      PodMutator mutator, KubernetesServiceAccounts serviceAccounts, ObjectMapper json) {
    return new AdmissionHandler(mutator, serviceAccounts, json);
  }
}
