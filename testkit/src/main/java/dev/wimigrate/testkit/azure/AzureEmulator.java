package dev.wimigrate.testkit.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wimigrate.testkit.azure.arm.ArmHandler;
import dev.wimigrate.testkit.azure.arm.AsyncOperation;
import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.IdentityStore;
import dev.wimigrate.testkit.azure.arm.ManagedClusterStore;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.arm.RoleAssignment;
import dev.wimigrate.testkit.azure.arm.RoleAssignmentStore;
import dev.wimigrate.testkit.azure.entra.AccessTokens;
import dev.wimigrate.testkit.azure.entra.ClientRegistry;
import dev.wimigrate.testkit.azure.entra.EntraHandler;
import dev.wimigrate.testkit.azure.entra.HttpIssuerKeys;
import dev.wimigrate.testkit.azure.entra.TokenExchange;
import dev.wimigrate.testkit.azure.http.CallStats;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmThrottle;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import dev.wimigrate.testkit.azure.rules.FaultInjector;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.pki.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * A local Azure for tests and the demo: ARM (Microsoft.ManagedIdentity user-assigned identities and
 * their federated identity credentials) and Entra (the v2.0 token endpoint with workload identity
 * federation), on one HTTPS port with a certificate from its own CA. It enforces Azure's rules (see
 * {@code docs/azure-emulator.md}); tests read its state through the admin methods.
 */
public final class AzureEmulator implements AutoCloseable {

  /** The client id of the built-in app registration behind {@link #armAccessToken()}. */
  public static final String ADMIN_CLIENT_ID = "00000000-0000-0000-0000-00000000a11a";

  private final String tenantId;
  private final String subscriptionId;
  private final CertificateAuthority ca;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final IdentityStore store;
  private final ClientRegistry clients;
  private final AccessTokens tokens;
  private final HttpIssuerKeys issuerKeys;
  private final CallStats stats = new CallStats();
  private final EmulatorRules initialRules;
  private final AtomicReference<EmulatorRules> rules;
  private final RoleAssignmentStore roleAssignments;
  private final ManagedClusterStore clusters;
  private final ArmThrottle throttle;
  private final FaultInjector faults;
  private final Set<String> armAudiences;
  private final ClientRegistry.Client admin;

  private AzureEmulator(Builder b) {
    this.tenantId = b.tenantId;
    this.subscriptionId = b.subscriptionId;
    this.initialRules = b.rules;
    this.rules = new AtomicReference<>(b.rules);
    this.ca = CertificateAuthority.create("wimigrate azure emulator CA");
    IssuedCertificate cert =
        ca.issueServer("azure-emulator", List.of("localhost"), List.of("127.0.0.1"));
    try {
      server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(serverContext(cert)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Azure emulator", e);
    }
    this.baseUrl = "https://127.0.0.1:" + server.getAddress().getPort();
    String authorityHost = baseUrl + "/";
    this.clients = new ClientRegistry();
    this.admin = clients.register(ADMIN_CLIENT_ID, UUID.randomUUID().toString());
    b.clients.forEach(clients::register);
    Set<String> subscriptions = new LinkedHashSet<>(b.extraSubscriptions);
    subscriptions.add(subscriptionId);
    this.store = new IdentityStore(tenantId, subscriptions, b.resourceGroups, rules::get, b.clock);
    this.tokens =
        new AccessTokens(
            EntraHandler.issuer(authorityHost, tenantId),
            tenantId,
            b.clock,
            b.rules.accessTokenLifetime());
    this.issuerKeys =
        new HttpIssuerKeys(trust(b.trustedIssuerCas), b.rules.issuerKeyTtl(), b.clock);
    TokenExchange exchange =
        new TokenExchange(tenantId, store, clients, issuerKeys, tokens, rules::get, b.clock);
    this.roleAssignments =
        new RoleAssignmentStore(
            tenantId,
            principal ->
                store
                    .principalCreatedAt(principal)
                    .or(
                        () ->
                            clients.principalExists(principal)
                                ? Optional.of(Instant.EPOCH)
                                : Optional.empty()),
            () -> rules.get().principalReplicationDelay(),
            b.clock);
    this.clusters = new ManagedClusterStore(tenantId, rules::get, b.clock);
    b.clusterIssuers.forEach((k, url) -> clusters.issuerUrl(subscriptionId, k[0], k[1], url));
    this.throttle = new ArmThrottle(b.clock, () -> rules.get().throttling());
    this.faults = new FaultInjector(() -> rules.get().faults());
    Set<String> audiences = new LinkedHashSet<>();
    for (String aud :
        List.of("https://management.azure.com", "https://management.core.windows.net", baseUrl)) {
      audiences.add(aud);
      audiences.add(aud + "/");
    }
    this.armAudiences = Set.copyOf(audiences);
    ArmHandler arm =
        new ArmHandler(
            baseUrl,
            tenantId,
            store,
            roleAssignments,
            clusters,
            tokens,
            armAudiences,
            rules::get,
            stats,
            throttle,
            faults);
    EntraHandler entra =
        new EntraHandler(authorityHost, tenantId, exchange, tokens, stats, b.clock);
    AdminApi adminApi = new AdminApi(this);
    server.createContext("/", http -> dispatch(http, arm, entra, adminApi));
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "azure-emulator-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
  }

  private static void dispatch(
      HttpExchange http, ArmHandler arm, EntraHandler entra, AdminApi adminApi) throws IOException {
    try {
      if (HttpIo.rawPath(http).startsWith(AdminApi.PREFIX)) {
        adminApi.handle(http);
      } else if (ArmHandler.handles(HttpIo.rawPath(http))) {
        arm.handle(http);
      } else {
        entra.handle(http);
      }
    } catch (RuntimeException e) {
      HttpIo.sendJson(
          http,
          500,
          Map.of("error", Map.of("code", "InternalServerError", "message", "emulator failure")));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An emulator with default rules. */
  public static AzureEmulator start() {
    return builder().start();
  }

  // ------------------------------------------------------------------ endpoints

  /** Base URL of ARM, without a trailing slash, e.g. {@code https://127.0.0.1:40123}. */
  public String armUrl() {
    return baseUrl;
  }

  /** Authority host for Entra clients, with a trailing slash (as {@code AZURE_AUTHORITY_HOST}). */
  public String authorityHost() {
    return baseUrl + "/";
  }

  /**
   * Base of the admin and introspection API ({@code GET {adminUrl}/state}, {@code /calls}, {@code
   * /rules}; see {@code docs/azure-emulator.md}); no authentication, never counted or throttled.
   */
  public String adminUrl() {
    return baseUrl + "/_admin";
  }

  /** {@code {authorityHost}{tenant}/oauth2/v2.0/token}. */
  public String tokenEndpoint() {
    return authorityHost() + tenantId + "/oauth2/v2.0/token";
  }

  /** The {@code iss} of the access tokens this emulator issues. */
  public String tokenIssuer() {
    return tokens.issuer();
  }

  public String tenantId() {
    return tenantId;
  }

  public String subscriptionId() {
    return subscriptionId;
  }

  /** PEM of the CA that signed the emulator's TLS certificate. */
  public String caCertificatePem() {
    return ca.certificatePem();
  }

  /** An SSL context trusting the emulator's CA (for {@code java.net.http.HttpClient}). */
  public SSLContext sslContext() {
    return ca.trustingSslContext();
  }

  /** The scope that gets tokens ARM accepts. */
  public static String armScope() {
    return "https://management.azure.com/.default";
  }

  /** The public keys of the emulator's token issuer. */
  public JsonWebKeySet publicKeys() {
    return tokens.publicKeys();
  }

  // ------------------------------------------------------------------ clients and tokens

  /** Registers an app with a client secret; it may then use the client-credentials grant. */
  public void registerClient(String clientId, String secret) {
    clients.register(clientId, secret);
  }

  /** A valid ARM access token of a built-in app registration, without an HTTP round trip. */
  public String armAccessToken() {
    return tokens.mint(
        "https://management.azure.com/", admin.principalId(), admin.clientId(), "1", Map.of());
  }

  /**
   * An access token for an API of this tenant, as Entra issues it to a client app (client
   * credentials), signed with the emulator's key, without an HTTP round trip. For relying-party
   * tests: {@code claims} adds claims such as {@code roles} (app roles, a list) and replaces the
   * standard ones of the same name ({@code exp}, {@code iss}, …) to make a token invalid.
   *
   * @param audience the API's application id or App ID URI ({@code aud})
   */
  public String accessToken(String audience, String clientId, Map<String, ?> claims) {
    String principalId =
        UUID.nameUUIDFromBytes(("client:" + clientId).getBytes(StandardCharsets.UTF_8)).toString();
    return tokens.mint(audience, principalId, clientId, "1", claims);
  }

  // ------------------------------------------------------------------ admin / introspection

  /** Creates (or updates) an identity directly, as a test fixture. */
  public ManagedIdentity createIdentity(String resourceGroup, String name, String location) {
    return store.putIdentity(subscriptionId, resourceGroup, name, location, Map.of()).resource();
  }

  public List<ManagedIdentity> identities() {
    return store.allIdentities();
  }

  public Optional<ManagedIdentity> identity(String resourceGroup, String name) {
    return store.allIdentities().stream()
        .filter(
            i ->
                i.resourceGroup().equalsIgnoreCase(resourceGroup)
                    && i.name().equalsIgnoreCase(name))
        .findFirst();
  }

  public Optional<ManagedIdentity> identityByClientId(String clientId) {
    return store.byClientId(clientId);
  }

  /** The credentials of an identity, given its resource id (empty if there is none). */
  public List<FederatedCredential> federatedCredentials(String identityResourceId) {
    return store.byResourceId(identityResourceId).map(store::credentialsOf).orElse(List.of());
  }

  public List<FederatedCredential> federatedCredentials(ManagedIdentity identity) {
    return store.credentialsOf(identity);
  }

  public long callCount(Operation operation) {
    return stats.calls(operation);
  }

  public Map<Operation, Long> callCounts() {
    return stats.calls();
  }

  /** FIC writes refused with 409 because another write to the same identity was under way. */
  public long rejectedConcurrentWrites() {
    return store.gate().rejectedCount();
  }

  /** Access tokens issued to a managed identity (by resource id) through federation. */
  public long tokensIssuedFor(ManagedIdentity identity) {
    return stats.tokensForIdentity(identity.id());
  }

  /** Access tokens issued per managed identity, keyed by lower-cased resource id. */
  public Map<String, Long> tokensIssuedPerIdentity() {
    return stats.tokensPerIdentity();
  }

  /** Access tokens issued to a client id (identity or app registration). */
  public long tokensIssuedToClient(String clientId) {
    return stats.tokensForClient(clientId);
  }

  /** How often external issuers' discovery documents and keys were fetched. */
  public long issuerKeyFetches() {
    return issuerKeys.fetchCount();
  }

  /** The rules in force now. */
  public EmulatorRules rules() {
    return rules.get();
  }

  /** Switches rules on a running emulator; the change applies to the next request. */
  public EmulatorRules updateRules(UnaryOperator<EmulatorRules> change) {
    return rules.updateAndGet(change);
  }

  /** Answers per operation and HTTP status (0 = the connection was dropped without an answer). */
  public Map<Operation, Map<Integer, Long>> callStatuses() {
    return stats.statuses();
  }

  /** Answers with this HTTP status to this operation. */
  public long answers(Operation operation, int status) {
    return stats.answers(operation, status);
  }

  /** ARM calls refused with 429 (ARM's buckets and the resource provider's limits). */
  public long throttledCalls() {
    return throttle.throttledCount();
  }

  /** ARM calls that a fault was injected into. */
  public long faultsInjected() {
    return faults.injectedCount();
  }

  /** Makes the next ARM calls fail with these faults, in order (before any random ones). */
  public void failNextArmCalls(FaultInjection.Kind... kinds) {
    faults.failNext(List.of(kinds));
  }

  // ------------------------------------------------------------------ role assignments

  public List<RoleAssignment> roleAssignments() {
    return roleAssignments.all();
  }

  /** Role assignments of one principal (object id), at any scope. */
  public List<RoleAssignment> roleAssignmentsOf(String principalId) {
    return roleAssignments.all().stream()
        .filter(a -> a.principalId().equalsIgnoreCase(principalId))
        .toList();
  }

  /**
   * Creates a role assignment directly, as a test fixture.
   *
   * @param scope e.g. {@code /subscriptions/{sub}/resourceGroups/{rg}}
   * @param roleDefinitionGuid e.g. {@code acdd72a7-3385-48ef-bd42-f606fba81ae7} (Reader)
   */
  public RoleAssignment assignRole(String scope, String principalId, String roleDefinitionGuid) {
    return roleAssignments
        .put(
            scope,
            UUID.randomUUID().toString(),
            new RoleAssignmentStore.Create(
                "/providers/Microsoft.Authorization/roleDefinitions/" + roleDefinitionGuid,
                principalId,
                "ServicePrincipal",
                null,
                null,
                null),
            admin.principalId())
        .resource();
  }

  // ------------------------------------------------------------------ managed clusters

  /**
   * The issuer URL a cluster reports once its OIDC issuer is enabled (e.g. the test bed
   * kube-apiserver's issuer); may be set before the cluster exists.
   */
  public void clusterIssuerUrl(String resourceGroup, String clusterName, String issuerUrl) {
    clusters.issuerUrl(subscriptionId, resourceGroup, clusterName, issuerUrl);
  }

  /**
   * Creates or replaces a managed cluster directly from an ARM body (as a test fixture) and
   * finishes its operation.
   */
  public ObjectNode putManagedCluster(String resourceGroup, String clusterName, String jsonBody) {
    try {
      clusters.put(subscriptionId, resourceGroup, clusterName, HttpIo.JSON.readTree(jsonBody));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    clusters.completeAll();
    return clusters.find(subscriptionId, resourceGroup, clusterName).orElseThrow();
  }

  public Optional<ObjectNode> managedCluster(String resourceGroup, String clusterName) {
    return clusters.find(subscriptionId, resourceGroup, clusterName);
  }

  public List<ObjectNode> managedClusters() {
    return clusters.all();
  }

  /** Long-running operations, running and finished. */
  public List<AsyncOperation> operations() {
    return clusters.operations();
  }

  /** Finishes every running long-running operation now. */
  public void completeOperations() {
    clusters.completeAll();
  }

  /**
   * Forgets all resources (identities, credentials, role assignments, clusters, operations), all
   * counters, throttling buckets and scripted faults, and puts back the rules it started with.
   * Registered clients and keys stay.
   */
  public void reset() {
    rules.set(initialRules);
    store.reset();
    roleAssignments.reset();
    clusters.reset();
    throttle.reset();
    faults.reset();
    stats.reset();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ TLS

  private static SSLContext serverContext(IssuedCertificate cert) {
    try {
      char[] password = UUID.randomUUID().toString().toCharArray();
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(cert.keyStore(password), password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext trust(List<String> pems) {
    try {
      if (pems.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      int n = 0;
      for (String pem : pems) {
        for (Certificate c :
            factory.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
          store.setCertificateEntry("ca-" + n++, c);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read trusted issuer CA certificates", e);
    }
  }

  // ------------------------------------------------------------------ builder

  /** Configures an emulator; every rule has Azure's default unless changed here. */
  public static final class Builder {
    private String tenantId = UUID.randomUUID().toString();
    private String subscriptionId = UUID.randomUUID().toString();
    private final Set<String> extraSubscriptions = new LinkedHashSet<>();
    private final Set<String> resourceGroups = new LinkedHashSet<>();
    private final List<String> trustedIssuerCas = new ArrayList<>();
    private final Map<String, String> clients = new java.util.LinkedHashMap<>();
    private final Map<String[], String> clusterIssuers = new java.util.LinkedHashMap<>();
    private EmulatorRules rules = EmulatorRules.defaults();
    private Clock clock = Clock.systemUTC();
    private int port;

    private Builder() {}

    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder subscriptionId(String subscriptionId) {
      this.subscriptionId = subscriptionId;
      return this;
    }

    /** Another subscription that exists in the tenant. */
    public Builder addSubscription(String subscriptionId) {
      extraSubscriptions.add(subscriptionId);
      return this;
    }

    /**
     * Declares resource groups; once any is declared, others answer 404 {@code
     * ResourceGroupNotFound}. Without any, every well-formed group exists.
     */
    public Builder resourceGroups(String... names) {
      for (String n : names) {
        resourceGroups.add(n.toLowerCase(java.util.Locale.ROOT));
      }
      return this;
    }

    /** Trusts this CA (PEM) when fetching an external issuer's discovery document and keys. */
    public Builder trustIssuerCa(String pem) {
      trustedIssuerCas.add(pem);
      return this;
    }

    public Builder registerClient(String clientId, String secret) {
      clients.put(clientId, secret);
      return this;
    }

    public Builder rules(EmulatorRules rules) {
      this.rules = rules;
      return this;
    }

    public Builder rules(UnaryOperator<EmulatorRules> change) {
      this.rules = change.apply(rules);
      return this;
    }

    public Builder ficLimit(int limit) {
      return rules(r -> r.withFicLimit(limit));
    }

    public Builder ficWriteHold(Duration hold) {
      return rules(r -> r.withFicWriteHold(hold));
    }

    public Builder ficPropagationDelay(Duration delay) {
      return rules(r -> r.withFicPropagationDelay(delay));
    }

    public Builder noMatchCodes(EmulatorRules.NoMatchCodes codes) {
      return rules(r -> r.withNoMatchCodes(codes));
    }

    /** The issuer URL a managed cluster reports once its OIDC issuer is enabled. */
    public Builder clusterIssuerUrl(String resourceGroup, String clusterName, String issuerUrl) {
      clusterIssuers.put(new String[] {resourceGroup, clusterName}, issuerUrl);
      return this;
    }

    public Builder throttling(ArmThrottling throttling) {
      return rules(r -> r.withThrottling(throttling));
    }

    public Builder faults(FaultInjection faults) {
      return rules(r -> r.withFaults(faults));
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** A fixed port (0, the default, picks a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public AzureEmulator start() {
      return new AzureEmulator(this);
    }
  }
}
