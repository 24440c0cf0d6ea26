package dev.wimigrate.federation.credentials;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Federated credentials through the Azure SDK for Java's Managed Identity client. The SDK's own
 * retries are off (the pipeline has no retry policy): {@code Retrier} decides, so throttling and
 * retries are counted and bounded in one place.
 */
public final class ArmFederatedCredentialStore implements FederatedCredentialStore {

  private static final Pattern IDENTITY_ID =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
              + "Microsoft\\.ManagedIdentity/userAssignedIdentities/([^/]+)$",
          Pattern.CASE_INSENSITIVE);

  private final HttpPipeline pipeline;
  private final AzureEnvironment environment;
  private final String tenantId;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public ArmFederatedCredentialStore(
      HttpPipeline pipeline, AzureEnvironment environment, String tenantId) {
    this.pipeline = pipeline;
    this.environment = environment;
    this.tenantId = tenantId;
  }

  @Override
  public List<FederatedCredential> list(String identityResourceId) {
    IdentityId id = IdentityId.parse(identityResourceId);
    return call(
        "list federated credentials",
        () ->
            manager(id)
                .serviceClient()
                .getFederatedIdentityCredentials()
                .list(id.resourceGroup(), id.name())
                .stream()
                .map(ArmFederatedCredentialStore::toCredential)
                .toList());
  }

  @Override
  public FederatedCredential put(String identityResourceId, FederatedCredential credential) {
    IdentityId id = IdentityId.parse(identityResourceId);
    FederatedIdentityCredentialInner body =
        new FederatedIdentityCredentialInner()
            .withIssuer(credential.issuer())
            .withSubject(credential.subject())
            .withAudiences(credential.audiences());
    return call(
        "put federated credential",
        () ->
            toCredential(
                manager(id)
                    .serviceClient()
                    .getFederatedIdentityCredentials()
                    .createOrUpdate(id.resourceGroup(), id.name(), credential.name(), body)));
  }

  @Override
  public boolean delete(String identityResourceId, String name) {
    IdentityId id = IdentityId.parse(identityResourceId);
    return call(
        "delete federated credential",
        () ->
            manager(id)
                    .serviceClient()
                    .getFederatedIdentityCredentials()
                    .deleteWithResponse(
                        id.resourceGroup(), id.name(), name, com.azure.core.util.Context.NONE)
                    .getStatusCode()
                != 204);
  }

  @Override
  public String clientIdOf(String identityResourceId) {
    IdentityId id = IdentityId.parse(identityResourceId);
    return call(
        "get identity",
        () ->
            manager(id)
                .serviceClient()
                .getUserAssignedIdentities()
                .getByResourceGroup(id.resourceGroup(), id.name())
                .clientId()
                .toString());
  }

  private MsiManager manager(IdentityId id) {
    return managers.computeIfAbsent(
        id.subscription(),
        sub -> MsiManager.authenticate(pipeline, new AzureProfile(tenantId, sub, environment)));
  }

  private static FederatedCredential toCredential(FederatedIdentityCredentialInner inner) {
    return new FederatedCredential(
        inner.name(),
        inner.issuer(),
        inner.subject(),
        inner.audiences() == null ? List.of() : inner.audiences());
  }

  /** Runs one SDK call, turning whatever it throws into an {@link AzureCallException}. */
  static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (HttpResponseException e) {
      HttpResponse response = e.getResponse();
      int status = response == null ? 0 : response.getStatusCode();
      String code = null;
      String message = e.getMessage();
      if (e instanceof ManagementException management && management.getValue() != null) {
        code = management.getValue().getCode();
        message = management.getValue().getMessage();
      }
      Duration retryAfter =
          response == null ? null : retryAfter(response.getHeaderValue("Retry-After"));
      throw new AzureCallException(status, code, operation + ": " + message, retryAfter);
    } catch (AzureCallException e) {
      throw e;
    } catch (RuntimeException e) {
      // timeouts, refused or dropped connections: Azure gave no answer
      throw AzureCallException.noAnswer(operation, e);
    }
  }

  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException httpDate) {
      return null;
    }
  }

  /** The parts of a user-assigned identity's ARM id. */
  record IdentityId(String subscription, String resourceGroup, String name) {
    static IdentityId parse(String resourceId) {
      Matcher m = IDENTITY_ID.matcher(resourceId);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a user-assigned identity id: " + resourceId);
      }
      return new IdentityId(m.group(1), m.group(2), m.group(3));
    }
  }
}
