package dev.wimigrate.federation.credentials;

import static dev.wimigrate.azurekit.AzureCalls.call;

import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import dev.wimigrate.azurekit.AzureConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private final AzureConnection azure;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public ArmFederatedCredentialStore(AzureConnection azure) {
    this.azure = azure;
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
        id.subscription(), sub -> MsiManager.authenticate(azure.pipeline(), azure.profile(sub)));
  }

  private static FederatedCredential toCredential(FederatedIdentityCredentialInner inner) {
    return new FederatedCredential(
        inner.name(),
        inner.issuer(),
        inner.subject(),
        inner.audiences() == null ? List.of() : inner.audiences());
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
