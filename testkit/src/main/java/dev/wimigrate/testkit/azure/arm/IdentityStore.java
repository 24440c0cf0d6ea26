package dev.wimigrate.testkit.azure.arm;

import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FicWriteGate;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Microsoft.ManagedIdentity resource provider's state and rules, free of HTTP: identities,
 * their federated credentials, the 20-credential budget, issuer+subject uniqueness, the
 * concurrent-write refusal and propagation. Names are case-insensitive as in ARM.
 */
public final class IdentityStore {

  private static final Pattern IDENTITY_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$");
  private static final Pattern FIC_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{0,89}[-\\w_()]$");
  private static final int MAX_FIELD = 600;

  private final String tenantId;
  private final Clock clock;
  private final java.util.function.Supplier<EmulatorRules> rules;
  private final FicWriteGate gate;
  private final Set<String> resourceGroups;
  private final Set<String> subscriptions;
  private final Map<String, Entry> identities = new LinkedHashMap<>();

  /**
   * @param subscriptions subscriptions that exist (others answer {@code SubscriptionNotFound})
   * @param resourceGroups resource groups that exist, lower-cased; empty = any group exists
   */
  public IdentityStore(
      String tenantId,
      Set<String> subscriptions,
      Set<String> resourceGroups,
      EmulatorRules rules,
      Clock clock) {
    this(tenantId, subscriptions, resourceGroups, () -> rules, clock);
  }

  /** A store whose rules are read at each request (so a running emulator can switch them). */
  public IdentityStore(
      String tenantId,
      Set<String> subscriptions,
      Set<String> resourceGroups,
      java.util.function.Supplier<EmulatorRules> rules,
      Clock clock) {
    this.tenantId = tenantId;
    this.subscriptions =
        subscriptions.stream()
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
    this.resourceGroups =
        resourceGroups.stream()
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
    this.rules = rules;
    this.clock = clock;
    this.gate = new FicWriteGate(clock, () -> rules.get().ficWriteHold());
  }

  public FicWriteGate gate() {
    return gate;
  }

  /** Result of a PUT: the resource and whether it was created (201) or updated (200). */
  public record Upsert<T>(T resource, boolean created) {}

  // ---------------------------------------------------------------- identities

  public synchronized Upsert<ManagedIdentity> putIdentity(
      String subscriptionId,
      String resourceGroup,
      String name,
      String location,
      Map<String, String> tags) {
    requireGroup(subscriptionId, resourceGroup);
    if (!IDENTITY_NAME.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidResourceName",
          "Resource name "
              + name
              + " is invalid. The name can be 3-128 characters long and can contain only letters,"
              + " digits, hyphens and underscores, starting with a letter or digit.");
    }
    if (location == null || location.isBlank()) {
      throw new ArmException(
          400, "LocationRequired", "The location property is required for this definition.");
    }
    String key = key(subscriptionId, resourceGroup, name);
    Entry existing = identities.get(key);
    if (existing != null) {
      ManagedIdentity old = existing.identity;
      if (!old.location().equalsIgnoreCase(location)) {
        throw new ArmException(
            400,
            "InvalidResourceLocation",
            "The resource '"
                + old.name()
                + "' already exists in location '"
                + old.location()
                + "' in resource group '"
                + old.resourceGroup()
                + "'. A resource with the same name cannot be created in location '"
                + location
                + "'. Please select a new resource name.");
      }
      ManagedIdentity updated =
          new ManagedIdentity(
              old.id(),
              old.subscriptionId(),
              old.resourceGroup(),
              old.name(),
              old.location(),
              tags,
              old.tenantId(),
              old.principalId(),
              old.clientId());
      existing.identity = updated;
      return new Upsert<>(updated, false);
    }
    ManagedIdentity created =
        new ManagedIdentity(
            ManagedIdentity.resourceId(subscriptionId, resourceGroup, name),
            subscriptionId,
            resourceGroup,
            name,
            location,
            tags,
            tenantId,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    identities.put(key, new Entry(created, clock.instant()));
    return new Upsert<>(created, true);
  }

  public synchronized ManagedIdentity getIdentity(
      String subscriptionId, String resourceGroup, String name) {
    requireGroup(subscriptionId, resourceGroup);
    return entry(subscriptionId, resourceGroup, name).identity;
  }

  /** Returns whether it existed (200) or not (204). Its credentials go with it. */
  public synchronized boolean deleteIdentity(
      String subscriptionId, String resourceGroup, String name) {
    requireGroup(subscriptionId, resourceGroup);
    return identities.remove(key(subscriptionId, resourceGroup, name)) != null;
  }

  public synchronized List<ManagedIdentity> listIdentities(
      String subscriptionId, String resourceGroup) {
    requireGroup(subscriptionId, resourceGroup);
    String prefix = (subscriptionId + "/" + resourceGroup + "/").toLowerCase(Locale.ROOT);
    return identities.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().identity)
        .toList();
  }

  public synchronized List<ManagedIdentity> listIdentities(String subscriptionId) {
    requireSubscription(subscriptionId);
    String prefix = (subscriptionId + "/").toLowerCase(Locale.ROOT);
    return identities.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().identity)
        .toList();
  }

  public synchronized List<ManagedIdentity> allIdentities() {
    return identities.values().stream().map(e -> e.identity).toList();
  }

  public synchronized Optional<ManagedIdentity> byClientId(String clientId) {
    return identities.values().stream()
        .map(e -> e.identity)
        .filter(i -> i.clientId().equalsIgnoreCase(clientId))
        .findFirst();
  }

  /** When the identity whose service principal has this object id was created, if it exists. */
  public synchronized Optional<Instant> principalCreatedAt(String principalId) {
    return identities.values().stream()
        .filter(e -> e.identity.principalId().equalsIgnoreCase(principalId))
        .map(e -> e.createdAt)
        .findFirst();
  }

  /** Forgets every identity and credential and frees the write gate. */
  public synchronized void reset() {
    identities.clear();
    gate.reset();
  }

  public synchronized Optional<ManagedIdentity> byResourceId(String resourceId) {
    return identities.values().stream()
        .map(e -> e.identity)
        .filter(i -> i.id().equalsIgnoreCase(resourceId))
        .findFirst();
  }

  // ---------------------------------------------------------------- federated credentials

  /**
   * Creates or updates a credential. The write takes the identity's write gate: the caller must
   * {@link FicWriteGate#release release} the returned lease once the write is over.
   */
  public Write<Upsert<FederatedCredential>> putCredential(
      String subscriptionId,
      String resourceGroup,
      String identityName,
      String ficName,
      String issuer,
      String subject,
      List<String> audiences,
      boolean propertiesPresent) {
    ManagedIdentity identity;
    synchronized (this) {
      identity = getIdentity(subscriptionId, resourceGroup, identityName);
    }
    validateName(ficName);
    validateBody(issuer, subject, audiences, propertiesPresent);
    FicWriteGate.Lease lease = gate.acquire(identity.id());
    try {
      synchronized (this) {
        Entry entry = entry(subscriptionId, resourceGroup, identityName);
        String ficKey = ficName.toLowerCase(Locale.ROOT);
        FederatedCredential existing = entry.credentials.get(ficKey);
        for (FederatedCredential other : entry.credentials.values()) {
          if (other != existing
              && other.issuer().equals(issuer)
              && other.subject().equals(subject)) {
            throw ArmException.badRequest(
                "Issuer and subject combination already exists for this Managed Identity.");
          }
        }
        EmulatorRules rules = this.rules.get();
        if (existing == null && entry.credentials.size() >= rules.ficLimit()) {
          EmulatorRules.ArmErrorSpec spec = rules.ficLimitError();
          throw new ArmException(
              spec.status(),
              spec.code(),
              String.format(Locale.ROOT, spec.messageFormat(), identity.id(), rules.ficLimit()));
        }
        Instant now = clock.instant();
        Instant effectiveFrom =
            existing != null && existing.sameContent(issuer, subject, audiences)
                ? existing.effectiveFrom()
                : now.plus(rules.ficPropagationDelay());
        String name = existing != null ? existing.name() : ficName;
        FederatedCredential credential =
            new FederatedCredential(
                identity.id() + "/federatedIdentityCredentials/" + name,
                name,
                identity.id(),
                issuer,
                subject,
                audiences,
                effectiveFrom);
        entry.credentials.put(ficKey, credential);
        return new Write<>(new Upsert<>(credential, existing == null), lease);
      }
    } catch (RuntimeException e) {
      gate.release(lease);
      throw e;
    }
  }

  /** Deletes a credential (also a FIC write, so it takes the gate). Result: whether it existed. */
  public Write<Boolean> deleteCredential(
      String subscriptionId, String resourceGroup, String identityName, String ficName) {
    ManagedIdentity identity;
    synchronized (this) {
      identity = getIdentity(subscriptionId, resourceGroup, identityName);
    }
    FicWriteGate.Lease lease = gate.acquire(identity.id());
    synchronized (this) {
      Entry entry = identities.get(key(subscriptionId, resourceGroup, identityName));
      boolean existed =
          entry != null && entry.credentials.remove(ficName.toLowerCase(Locale.ROOT)) != null;
      return new Write<>(existed, lease);
    }
  }

  public synchronized FederatedCredential getCredential(
      String subscriptionId, String resourceGroup, String identityName, String ficName) {
    ManagedIdentity identity = getIdentity(subscriptionId, resourceGroup, identityName);
    FederatedCredential credential =
        entry(subscriptionId, resourceGroup, identityName)
            .credentials
            .get(ficName.toLowerCase(Locale.ROOT));
    if (credential == null) {
      throw new ArmException(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/"
              + identity.name()
              + "/federatedIdentityCredentials/"
              + ficName
              + "' under resource group '"
              + resourceGroup
              + "' was not found. For more details please go to"
              + " https://aka.ms/ARMResourceNotFoundFix");
    }
    return credential;
  }

  public synchronized List<FederatedCredential> listCredentials(
      String subscriptionId, String resourceGroup, String identityName) {
    return List.copyOf(entry(subscriptionId, resourceGroup, identityName).credentials.values());
  }

  /** The credentials of an identity found by resource id, client id or (unique) name. */
  public synchronized List<FederatedCredential> credentialsOf(ManagedIdentity identity) {
    Entry entry =
        identities.get(key(identity.subscriptionId(), identity.resourceGroup(), identity.name()));
    return entry == null ? List.of() : List.copyOf(entry.credentials.values());
  }

  /** A write that holds the identity's FIC gate until released. */
  public record Write<T>(T result, FicWriteGate.Lease lease) {}

  // ---------------------------------------------------------------- validation

  static void validateName(String ficName) {
    if (!FIC_NAME.matcher(ficName).matches()) {
      throw ArmException.badRequest(
          "Federated Identity Credential name '" + ficName + "' is invalid.");
    }
  }

  static void validateBody(
      String issuer, String subject, List<String> audiences, boolean propertiesPresent) {
    if (!propertiesPresent) {
      throw ArmException.badRequest(
          "Federated Identity Credential from HTTP body has empty properties.");
    }
    if (isBlank(issuer) || isBlank(subject) || audiences == null || audiences.isEmpty()) {
      if (audiences != null && audiences.isEmpty() && !isBlank(issuer) && !isBlank(subject)) {
        throw ArmException.badRequest(
            "Federated identity credentials must have exactly one audience.");
      }
      throw ArmException.badRequest(
          "The request format was unexpected. Federated Identity Credential must specify"
              + " 'issuer', 'subject' and 'audience'.");
    }
    if (audiences.size() != 1) {
      throw ArmException.badRequest(
          "Federated identity credentials must have exactly one audience.");
    }
    if (!isHttpsUrl(issuer)) {
      throw ArmException.badRequest(
          "Federated Identity Credential issuer '"
              + issuer
              + "' is invalid. The issuer must be a valid URL using the https scheme.");
    }
    for (String[] field :
        new String[][] {{"issuer", issuer}, {"subject", subject}, {"audience", audiences.get(0)}}) {
      if (field[1] == null || field[1].isBlank() || field[1].length() > MAX_FIELD) {
        throw ArmException.badRequest(
            "Federated Identity Credential "
                + field[0]
                + " is invalid. It must be between 1 and "
                + MAX_FIELD
                + " characters long.");
      }
    }
  }

  private static boolean isHttpsUrl(String value) {
    try {
      URI uri = new URI(value);
      return "https".equals(uri.getScheme()) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private void requireSubscription(String subscriptionId) {
    if (!subscriptions.contains(subscriptionId.toLowerCase(Locale.ROOT))) {
      throw new ArmException(
          404,
          "SubscriptionNotFound",
          "The subscription '" + subscriptionId + "' could not be found.");
    }
  }

  private void requireGroup(String subscriptionId, String resourceGroup) {
    requireSubscription(subscriptionId);
    if (!RESOURCE_GROUP.matcher(resourceGroup).matches()
        || (!resourceGroups.isEmpty()
            && !resourceGroups.contains(resourceGroup.toLowerCase(Locale.ROOT)))) {
      throw new ArmException(
          404,
          "ResourceGroupNotFound",
          "Resource group '" + resourceGroup + "' could not be found.");
    }
  }

  private Entry entry(String subscriptionId, String resourceGroup, String name) {
    Entry entry = identities.get(key(subscriptionId, resourceGroup, name));
    if (entry == null) {
      throw new ArmException(
          404,
          "ResourceNotFound",
          "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/"
              + name
              + "' under resource group '"
              + resourceGroup
              + "' was not found. For more details please go to"
              + " https://aka.ms/ARMResourceNotFoundFix");
    }
    return entry;
  }

  private static String key(String subscriptionId, String resourceGroup, String name) {
    return (subscriptionId + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
  }

  private static final class Entry {
    ManagedIdentity identity;
    final Map<String, FederatedCredential> credentials = new LinkedHashMap<>();

    final Instant createdAt;

    Entry(ManagedIdentity identity, Instant createdAt) {
      this.identity = identity;
      this.createdAt = createdAt;
    }
  }
}
