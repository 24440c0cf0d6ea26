package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.federation.FederatedCredentialName;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.planning.MigrationPaths;
import dev.wimigrate.events.planning.PlannedPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plans a migration: pure domain code, no I/O, no clock, no randomness. The same {@link FleetView}
 * and selector always give an equal {@link MigrationPlan}. The rules are described in {@code
 * docs/planner.md}.
 */
public final class MigrationPlanner {

  /** KEDA pod identity providers whose TriggerAuthentications need the operator federated. */
  static final Set<String> KEDA_AZURE_PROVIDERS = Set.of("azure", "azure-workload");

  static final String DEFAULT_SERVICE_ACCOUNT = "default";

  private static final Pattern OVERFLOW_NAME = Pattern.compile("^(.+)-wi-([0-9]{1,4})$");
  private static final int AZURE_IDENTITY_NAME_MAX = 128;

  private final PlannerSettings settings;

  public MigrationPlanner(PlannerSettings settings) {
    this.settings = Checks.notNull("settings", settings);
  }

  public MigrationPlanner() {
    this(PlannerSettings.defaults());
  }

  public MigrationPlan plan(FleetView fleet, MigrationSelector selector) {
    Checks.notNull("fleet", fleet);
    Checks.notNull("selector", selector);
    return new Run(fleet, selector).plan();
  }

  /** The resource id of overflow identity number {@code n} (n ≥ 2) of an original identity. */
  public static String overflowResourceId(String originalResourceId, int n) {
    String base = new IdentityRef(originalResourceId, null).name();
    String prefix = originalResourceId.substring(0, originalResourceId.length() - base.length());
    String suffix = "-wi-" + n;
    String name = base;
    if (name.length() + suffix.length() > AZURE_IDENTITY_NAME_MAX) {
      name = name.substring(0, AZURE_IDENTITY_NAME_MAX - suffix.length());
    }
    return prefix + name + suffix;
  }

  /** {@code wi-<identity-name>}: the identity's ARM name made a valid service account name. */
  public static String dedicatedServiceAccountName(String identityResourceId) {
    String name =
        new IdentityRef(identityResourceId, null)
            .name()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-+$", "");
    return "wi-" + name;
  }

  static String key(String resourceId) {
    return IdentityRef.partitionKey(resourceId);
  }

  static boolean isManagedIdentityId(String resourceId) {
    if (resourceId == null) {
      return false;
    }
    try {
      Checks.managedIdentityId("resourceId", resourceId);
      return true;
    } catch (InvalidFieldException e) {
      return false;
    }
  }

  static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The newest observation per key (ties broken by content), sorted by key. */
  static <T> List<T> newest(
      List<T> observations, Function<T, String> key, Function<T, Instant> observedAt) {
    Comparator<T> order = Comparator.comparing(observedAt).thenComparing(o -> o.toString());
    TreeMap<String, T> byKey = new TreeMap<>();
    for (T o : observations) {
      byKey.merge(key.apply(o), o, (a, b) -> order.compare(a, b) >= 0 ? a : b);
    }
    return List.copyOf(byKey.values());
  }

  static int canaryCount(double fraction, int workloads) {
    if (workloads == 0) {
      return 0;
    }
    int floor =
        BigDecimal.valueOf(fraction)
            .multiply(BigDecimal.valueOf(workloads))
            .setScale(0, RoundingMode.FLOOR)
            .intValueExact();
    return Math.max(1, floor);
  }

  // ---------------------------------------------------------------------------------------------

  private record SaKey(String clusterId, String namespace, String name)
      implements Comparable<SaKey> {
    private static final Comparator<SaKey> ORDER =
        Comparator.comparing(SaKey::clusterId)
            .thenComparing(SaKey::namespace)
            .thenComparing(SaKey::name);

    @Override
    public int compareTo(SaKey o) {
      return ORDER.compare(this, o);
    }
  }

  /** Who runs as one service account, across the whole fleet. */
  private static final class SaUsage {
    final SortedSet<String> identities = new TreeSet<>();
    final SortedSet<String> workloads = new TreeSet<>();

    /** Workloads without a pod identity, with the client id they already use via Workload ID. */
    final Map<String, String> withoutPodIdentity = new TreeMap<>();

    final SortedSet<String> annotatedClientIds = new TreeSet<>();
  }

  private record Identity(String key, String resourceId, String clientId) {
    String name() {
      return new IdentityRef(resourceId, null).name();
    }
  }

  /** A plannable workload with its identity. */
  private record Candidate(WorkloadObserved observed, PlannedPath path, Identity identity) {
    String key() {
      return observed.workload().key();
    }

    SaKey currentSa() {
      return new SaKey(
          observed.workload().clusterId(),
          observed.workload().namespace(),
          observed.serviceAccountName());
    }
  }

  /** A credential an identity needs: issuer (or the pending issuer of a cluster) × subject. */
  private record Need(String issuerKey, String subject) implements Comparable<Need> {
    @Override
    public int compareTo(Need o) {
      int c = issuerKey.compareTo(o.issuerKey);
      return c != 0 ? c : subject.compareTo(o.subject);
    }
  }

  private static final class NeedInfo {
    String issuer;
    final SortedSet<String> clusterIds = new TreeSet<>();
    String namespace;
    String serviceAccount;
    CredentialUse use = CredentialUse.WORKLOAD;
  }

  private final class Run {
    final FleetView fleet;
    final MigrationSelector selector;
    final TreeMap<String, ClusterObserved> clusters = new TreeMap<>();
    final TreeMap<String, WorkloadObserved> workloads = new TreeMap<>();
    final TreeMap<String, Identity> identities = new TreeMap<>();
    final TreeMap<String, String> identityByClientId = new TreeMap<>();
    final TreeMap<SaKey, SaUsage> saUsage = new TreeMap<>();
    final List<String> notes = new ArrayList<>();

    Run(FleetView fleet, MigrationSelector selector) {
      this.fleet = fleet;
      this.selector = selector;
    }

    MigrationPlan plan() {
      index();

      // 1. selection and paths
      List<Candidate> candidates = new ArrayList<>();
      List<BlockedWorkload> blocked = new ArrayList<>();
      int withoutPodIdentity = 0;
      for (WorkloadObserved w : workloads.values()) {
        if (!selector.matches(w.workload(), w.labels())) {
          continue;
        }
        if (!usesPodIdentity(w)) {
          withoutPodIdentity++;
          continue;
        }
        PlannedPath path = MigrationPaths.choose(w);
        Optional<String> blockReason = blockReason(w, path);
        if (blockReason.isPresent()) {
          blocked.add(
              new BlockedWorkload(
                  w.workload().key(), w.workload(), path.path(), blockReason.get()));
        } else {
          candidates.add(new Candidate(w, path, identityOf(w)));
        }
      }
      if (withoutPodIdentity > 0) {
        notes.add(
            withoutPodIdentity
                + " selected workload(s) use no pod identity (no aadpodidbinding label, no binding)"
                + " and are not part of the plan");
      }

      // 2. service accounts per (cluster, namespace, identity)
      Map<String, String> targetSa = new TreeMap<>(); // workload key -> service account
      Map<String, ServiceAccountDecision> decisions = new TreeMap<>();
      TreeMap<String, ServiceAccountPlan> saPlans = new TreeMap<>();
      TreeMap<SaKey, SharedServiceAccount> shared = new TreeMap<>();
      Map<SaKey, Map<String, String>> dedicatedNames = dedicatedNames(candidates);
      Map<String, List<Candidate>> bySaPlan = new TreeMap<>();
      Map<String, String> saPlanReason = new TreeMap<>();
      for (Candidate c : candidates) {
        SaKey current = c.currentSa();
        Optional<String> refusal = refusal(current, c.identity());
        String sa;
        ServiceAccountDecision decision;
        String reason;
        if (refusal.isEmpty()) {
          sa = current.name();
          decision = ServiceAccountDecision.REUSE;
          reason = "only workloads of identity " + c.identity().name() + " run as it";
        } else {
          sa =
              dedicatedNames
                  .get(new SaKey(current.clusterId(), current.namespace(), ""))
                  .get(c.identity().key());
          decision = ServiceAccountDecision.DEDICATED;
          reason =
              "dedicated service account for identity "
                  + c.identity().name()
                  + ": the workloads' own service account cannot be federated (see"
                  + " sharedServiceAccounts); Kubernetes RBAC and image pull secrets bound to the"
                  + " old service account must be granted to this one";
          shared.computeIfAbsent(current, k -> sharedEntry(k, refusal.get()));
        }
        targetSa.put(c.key(), sa);
        decisions.put(c.key(), decision);
        String planKey =
            String.join(
                "\u0000",
                current.clusterId(),
                current.namespace(),
                c.identity().key(),
                sa,
                decision.name());
        bySaPlan.computeIfAbsent(planKey, k -> new ArrayList<>()).add(c);
        saPlanReason.put(planKey, reason);
      }
      bySaPlan.forEach(
          (planKey, members) -> {
            Candidate first = members.get(0);
            saPlans.put(
                planKey,
                new ServiceAccountPlan(
                    first.observed().workload().clusterId(),
                    first.observed().workload().namespace(),
                    first.identity().resourceId(),
                    targetSa.get(first.key()),
                    decisions.get(first.key()),
                    saPlanReason.get(planKey),
                    members.stream().map(Candidate::key).sorted().toList()));
          });

      // 3. credentials each identity needs
      TreeMap<String, TreeMap<Need, NeedInfo>> needs = new TreeMap<>();
      for (Candidate c : candidates) {
        String clusterId = c.observed().workload().clusterId();
        addNeed(
            needs,
            c.identity().key(),
            clusterId,
            new ServiceAccountRef(c.observed().workload().namespace(), targetSa.get(c.key())),
            CredentialUse.WORKLOAD);
      }
      addKedaNeeds(needs);

      // 4. budget and overflow per identity
      List<IdentityBudget> budgets = new ArrayList<>();
      Map<String, Map<Need, String>> targetIdentity = new TreeMap<>();
      needs.forEach(
          (identityKey, identityNeeds) -> {
            Map<Need, String> targets = new TreeMap<>();
            budgets.add(allocate(identities.get(identityKey), identityNeeds, targets));
            targetIdentity.put(identityKey, targets);
          });

      // 5. waves
      List<Candidate> canaryOrder = new ArrayList<>(candidates);
      canaryOrder.sort(
          Comparator.comparing((Candidate c) -> c.path().path() != MigrationPath.LATEST_SDK)
              .thenComparing(Candidate::key));
      int canary = canaryCount(settings.canaryFraction(), candidates.size());
      Set<String> canaryKeys =
          canaryOrder.subList(0, canary).stream()
              .map(Candidate::key)
              .collect(Collectors.toCollection(TreeSet::new));
      List<Wave> waves = new ArrayList<>();
      if (canary > 0) {
        waves.add(new Wave(1, "canary", List.copyOf(canaryKeys)));
      }
      List<String> rest =
          candidates.stream().map(Candidate::key).filter(k -> !canaryKeys.contains(k)).toList();
      if (!rest.isEmpty()) {
        waves.add(new Wave(2, "rest", rest));
      }

      // 6. workload plans
      List<WorkloadPlan> plans = new ArrayList<>();
      for (Candidate c : candidates) {
        String clusterId = c.observed().workload().clusterId();
        ServiceAccountRef sa =
            new ServiceAccountRef(c.observed().workload().namespace(), targetSa.get(c.key()));
        Need need = new Need(issuerKey(clusterId), sa.subject());
        String target = targetIdentity.get(c.identity().key()).get(need);
        boolean switches = !key(target).equals(c.identity().key());
        plans.add(
            new WorkloadPlan(
                c.key(),
                c.observed().workload(),
                c.path().path(),
                c.path().unprivilegedSidecar(),
                c.path().reason(),
                c.identity().resourceId(),
                c.identity().clientId(),
                c.observed().serviceAccountName(),
                sa.name(),
                decisions.get(c.key()),
                target,
                switches,
                issuer(clusterId),
                sa.subject(),
                canaryKeys.contains(c.key()) ? 1 : 2));
      }

      return new MigrationPlan(
          selector,
          settings,
          clusterPlans(candidates, blocked, needs),
          plans,
          blocked,
          List.copyOf(saPlans.values()),
          List.copyOf(shared.values()),
          budgets,
          waves,
          notes);
    }

    // -- indexing -------------------------------------------------------------------------------

    void index() {
      for (ClusterObserved c :
          newest(fleet.clusters(), ClusterObserved::clusterId, ClusterObserved::observedAt)) {
        clusters.put(c.clusterId(), c);
      }
      for (WorkloadObserved w :
          newest(fleet.workloads(), WorkloadObserved::partitionKey, WorkloadObserved::observedAt)) {
        workloads.put(w.workload().key(), w);
      }
      for (WorkloadObserved w : workloads.values()) {
        for (PodIdentityBindingRef b : w.bindings()) {
          learnIdentity(b.identityResourceId(), b.clientId(), b.identityType());
        }
      }
      newest(
              fleet.podIdentities(),
              PodIdentityObserved::partitionKey,
              PodIdentityObserved::observedAt)
          .stream()
          .filter(p -> !p.deleted())
          .forEach(p -> learnIdentity(p.resourceId(), p.clientId(), p.identityType()));
      identities.values().stream()
          .filter(i -> i.clientId() != null)
          .forEach(i -> identityByClientId.putIfAbsent(i.clientId(), i.key()));
      for (WorkloadObserved w : workloads.values()) {
        SaKey sa =
            new SaKey(w.workload().clusterId(), w.workload().namespace(), w.serviceAccountName());
        SaUsage usage = saUsage.computeIfAbsent(sa, k -> new SaUsage());
        usage.workloads.add(w.workload().key());
        Set<String> ids = identityKeys(w);
        if (ids.isEmpty()) {
          usage.withoutPodIdentity.put(
              w.workload().key(),
              w.wiState().useLabel() && w.wiState().saClientIdAnnotation() != null
                  ? w.wiState().saClientIdAnnotation().toLowerCase(Locale.ROOT)
                  : "");
        }
        usage.identities.addAll(ids);
        if (w.wiState().saClientIdAnnotation() != null) {
          usage.annotatedClientIds.add(w.wiState().saClientIdAnnotation().toLowerCase(Locale.ROOT));
        }
      }
    }

    void learnIdentity(String resourceId, String clientId, int type) {
      if (type != PodIdentityBindingRef.USER_ASSIGNED_MSI || !isManagedIdentityId(resourceId)) {
        return;
      }
      String k = key(resourceId);
      String client = clientId == null ? null : clientId.toLowerCase(Locale.ROOT);
      // several spellings of one id: keep the smallest, so input order does not matter
      identities.merge(
          k,
          new Identity(k, resourceId, client),
          (a, b) ->
              new Identity(
                  k,
                  a.resourceId().compareTo(b.resourceId()) <= 0 ? a.resourceId() : b.resourceId(),
                  a.clientId() == null
                          || (b.clientId() != null && b.clientId().compareTo(a.clientId()) < 0)
                      ? b.clientId()
                      : a.clientId()));
    }

    boolean usesPodIdentity(WorkloadObserved w) {
      return w.podIdentitySelector() != null || !w.bindings().isEmpty();
    }

    /** Distinct valid user-assigned identities the workload is bound to (lower-case ids). */
    Set<String> identityKeys(WorkloadObserved w) {
      Set<String> keys = new TreeSet<>();
      for (PodIdentityBindingRef b : w.bindings()) {
        if (b.identityType() == PodIdentityBindingRef.USER_ASSIGNED_MSI
            && isManagedIdentityId(b.identityResourceId())) {
          keys.add(key(b.identityResourceId()));
        }
      }
      return keys;
    }

    Identity identityOf(WorkloadObserved w) {
      return identities.get(identityKeys(w).iterator().next());
    }

    Optional<String> blockReason(WorkloadObserved w, PlannedPath path) {
      if (path.path() == MigrationPath.REWRITE_REQUIRED) {
        return Optional.of(path.reason());
      }
      for (PodIdentityBindingRef b : w.bindings()) {
        if (!isManagedIdentityId(b.identityResourceId())) {
          return Optional.of(
              "AzureIdentity "
                  + b.identityName()
                  + " has resourceID "
                  + Checks.quote(b.identityResourceId())
                  + ", which is not the ARM id of a user-assigned managed identity");
        }
      }
      Set<String> ids = identityKeys(w);
      if (ids.size() > 1) {
        return Optional.of(
            "bound to "
                + ids.size()
                + " identities ("
                + ids.stream().map(k -> identities.get(k).name()).collect(Collectors.joining(", "))
                + "): a pod runs as one service account with one client id; split the workload"
                + " or drop all bindings but one");
      }
      return Optional.empty();
    }

    // -- service accounts -----------------------------------------------------------------------

    /** Why {@code sa} cannot be federated for {@code identity}, if it cannot. */
    Optional<String> refusal(SaKey sa, Identity identity) {
      if (DEFAULT_SERVICE_ACCOUNT.equals(sa.name())) {
        return Optional.of(
            "the namespace's default service account: every pod without its own runs as it");
      }
      SaUsage usage = saUsage.get(sa);
      if (usage == null) {
        return Optional.empty();
      }
      SortedSet<String> others = new TreeSet<>(usage.identities);
      others.remove(identity.key());
      if (!others.isEmpty()) {
        return Optional.of(
            "shared by workloads of other identities ("
                + others.stream()
                    .map(k -> identities.get(k).name())
                    .collect(Collectors.joining(", "))
                + "): federating it would give them identity "
                + identity.name());
      }
      List<String> foreign =
          usage.withoutPodIdentity.entrySet().stream()
              .filter(e -> !e.getValue().equals(identity.clientId()))
              .map(Map.Entry::getKey)
              .toList();
      if (!foreign.isEmpty()) {
        return Optional.of(
            "also used by workloads without identity "
                + identity.name()
                + " ("
                + String.join(", ", foreign)
                + "): federating it would give them the identity");
      }
      SortedSet<String> annotations = new TreeSet<>(usage.annotatedClientIds);
      annotations.remove(identity.clientId());
      if (!annotations.isEmpty()) {
        return Optional.of(
            "already annotated azure.workload.identity/client-id="
                + annotations.first()
                + ", not identity "
                + identity.name()
                + "'s client id");
      }
      return Optional.empty();
    }

    SharedServiceAccount sharedEntry(SaKey sa, String refusal) {
      SaUsage usage = saUsage.get(sa);
      // said of the service account, not from the point of view of one of its identities
      String reason =
          usage.identities.size() > 1 && !DEFAULT_SERVICE_ACCOUNT.equals(sa.name())
              ? "run by workloads of "
                  + usage.identities.size()
                  + " identities ("
                  + usage.identities.stream()
                      .map(k -> identities.get(k).name())
                      .collect(Collectors.joining(", "))
                  + "): federating it for one would give that identity to the others"
              : refusal;
      return new SharedServiceAccount(
          sa.clusterId(),
          sa.namespace(),
          sa.name(),
          usage.identities.stream().map(k -> identities.get(k).resourceId()).toList(),
          List.copyOf(usage.workloads),
          reason);
    }

    /**
     * Dedicated service account names per (cluster, namespace) [name ""] and identity: {@code
     * wi-<name>}, with a hash of the identity id appended when two identities would get the same
     * name or the name is already taken by a service account that cannot be federated for it.
     */
    Map<SaKey, Map<String, String>> dedicatedNames(List<Candidate> candidates) {
      Map<SaKey, SortedSet<String>> identitiesByNamespace = new TreeMap<>();
      for (Candidate c : candidates) {
        SaKey ns =
            new SaKey(c.observed().workload().clusterId(), c.observed().workload().namespace(), "");
        identitiesByNamespace.computeIfAbsent(ns, k -> new TreeSet<>()).add(c.identity().key());
      }
      Map<SaKey, Map<String, String>> names = new TreeMap<>();
      identitiesByNamespace.forEach(
          (ns, keys) -> {
            Map<String, Long> baseCount =
                keys.stream()
                    .map(k -> dedicatedServiceAccountName(identities.get(k).resourceId()))
                    .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
            Map<String, String> byIdentity = new TreeMap<>();
            for (String k : keys) {
              Identity identity = identities.get(k);
              String base = dedicatedServiceAccountName(identity.resourceId());
              boolean clash =
                  baseCount.get(base) > 1
                      || refusal(new SaKey(ns.clusterId(), ns.namespace(), base), identity)
                          .isPresent();
              String name = clash ? base + "-" + shortHash(k) : base;
              if (name.length() > 253) {
                name = base.substring(0, 253 - 9) + "-" + shortHash(k);
              }
              byIdentity.put(k, name);
            }
            names.put(ns, byIdentity);
          });
      return names;
    }

    // -- credentials ----------------------------------------------------------------------------

    String issuer(String clusterId) {
      ClusterObserved c = clusters.get(clusterId);
      return c == null ? null : c.oidcIssuerUrl();
    }

    String issuerKey(String clusterId) {
      String issuer = issuer(clusterId);
      return issuer != null ? issuer : "pending:" + clusterId;
    }

    void addNeed(
        Map<String, TreeMap<Need, NeedInfo>> needs,
        String identityKey,
        String clusterId,
        ServiceAccountRef sa,
        CredentialUse use) {
      Need need = new Need(issuerKey(clusterId), sa.subject());
      NeedInfo info =
          needs
              .computeIfAbsent(identityKey, k -> new TreeMap<>())
              .computeIfAbsent(need, k -> new NeedInfo());
      info.issuer = issuer(clusterId);
      info.clusterIds.add(clusterId);
      info.namespace = sa.namespace();
      info.serviceAccount = sa.name();
      if (use == CredentialUse.KEDA_OPERATOR) {
        info.use = CredentialUse.KEDA_OPERATOR;
      }
    }

    void addKedaNeeds(Map<String, TreeMap<Need, NeedInfo>> needs) {
      newest(
              fleet.triggerAuthentications(),
              TriggerAuthenticationObserved::partitionKey,
              TriggerAuthenticationObserved::observedAt)
          .stream()
          .filter(t -> !t.deleted() && KEDA_AZURE_PROVIDERS.contains(t.provider()))
          .filter(t -> selector.clusterId() == null || selector.clusterId().equals(t.clusterId()))
          .filter(
              t ->
                  t.clusterScoped()
                      || selector.namespace() == null
                      || selector.namespace().equals(t.namespace()))
          .forEach(
              t -> {
                Optional<String> identityKey = kedaIdentity(t.identityId());
                if (identityKey.isEmpty()) {
                  notes.add(
                      "TriggerAuthentication "
                          + t.partitionKey()
                          + (t.identityId() == null
                              ? " has provider "
                                  + t.provider()
                                  + " without identityId: KEDA uses its operator's own identity,"
                                  + " which is planned with the keda-operator workload"
                              : " uses identityId "
                                  + t.identityId()
                                  + ", which is no user-assigned identity known to the"
                                  + " inventory: no credential planned for it"));
                  return;
                }
                addNeed(
                    needs,
                    identityKey.get(),
                    t.clusterId(),
                    settings.kedaOperator(),
                    CredentialUse.KEDA_OPERATOR);
              });
    }

    /** KEDA's identityId is the identity's client id; an ARM resource id is accepted too. */
    Optional<String> kedaIdentity(String identityId) {
      if (identityId == null) {
        return Optional.empty();
      }
      String lower = identityId.toLowerCase(Locale.ROOT);
      if (identityByClientId.containsKey(lower)) {
        return Optional.of(identityByClientId.get(lower));
      }
      return identities.containsKey(lower) ? Optional.of(lower) : Optional.empty();
    }

    IdentityBudget allocate(
        Identity identity, TreeMap<Need, NeedInfo> needs, Map<Need, String> targets) {
      int limit = settings.federatedCredentialLimit();
      // existing credentials of the family: member 1 = the original, n >= 2 = <name>-wi-n
      TreeMap<Integer, List<ExistingFederatedCredential>> existing = new TreeMap<>();
      TreeMap<Integer, String> memberIds = new TreeMap<>();
      memberIds.put(1, identity.resourceId());
      for (ExistingFederatedCredential fic : fleet.federatedCredentials()) {
        int member = member(identity, fic.identityResourceId());
        if (member > 0) {
          existing.computeIfAbsent(member, m -> new ArrayList<>()).add(fic);
        }
      }
      for (int m : existing.keySet()) {
        memberIds.put(m, m == 1 ? identity.resourceId() : overflowResourceId(identity, m));
      }

      // KEDA first (its TriggerAuthentications name the original's client id), then by key
      List<Need> order = new ArrayList<>(needs.keySet());
      order.sort(
          Comparator.comparing((Need n) -> needs.get(n).use != CredentialUse.KEDA_OPERATOR)
              .thenComparing(n -> n));
      TreeMap<Integer, List<FederatedCredentialPlan>> credentials = new TreeMap<>();
      TreeMap<Integer, Integer> created = new TreeMap<>();
      List<Need> fresh = new ArrayList<>();
      for (Need need : order) {
        NeedInfo info = needs.get(need);
        Optional<Integer> found =
            info.issuer == null
                ? Optional.empty()
                : existing.entrySet().stream()
                    .filter(
                        e ->
                            e.getValue().stream()
                                .anyMatch(
                                    f ->
                                        f.issuer().equals(info.issuer)
                                            && f.subject().equals(need.subject())))
                    .map(Map.Entry::getKey)
                    .findFirst();
        if (found.isPresent()) {
          place(found.get(), need, info, true, credentials, targets, memberIds, identity);
        } else {
          fresh.add(need);
        }
      }
      int member = 1;
      for (Need need : fresh) {
        while (existing.getOrDefault(member, List.of()).size() + created.getOrDefault(member, 0)
            >= limit) {
          member++;
        }
        created.merge(member, 1, Integer::sum);
        place(member, need, needs.get(need), false, credentials, targets, memberIds, identity);
      }

      List<IdentityAllocation> allocations = new ArrayList<>();
      TreeSet<Integer> members = new TreeSet<>(credentials.keySet());
      members.add(1);
      for (int m : members) {
        int had = existing.getOrDefault(m, List.of()).size();
        int made = created.getOrDefault(m, 0);
        List<FederatedCredentialPlan> list =
            new ArrayList<>(credentials.getOrDefault(m, List.of()));
        list.sort(
            Comparator.comparing((FederatedCredentialPlan f) -> f.use())
                .thenComparing(f -> f.issuer() == null ? "" : f.issuer())
                .thenComparing(f -> f.clusterIds().get(0))
                .thenComparing(FederatedCredentialPlan::subject));
        allocations.add(
            new IdentityAllocation(
                memberIds.computeIfAbsent(m, n -> overflowResourceId(identity, n)),
                m > 1,
                m > 1 ? identity.resourceId() : null,
                had,
                made,
                had + made,
                list));
      }
      int existingTotal = existing.values().stream().mapToInt(List::size).sum();
      int createdTotal = created.values().stream().mapToInt(Integer::intValue).sum();
      return new IdentityBudget(
          identity.resourceId(),
          identity.clientId(),
          limit,
          needs.size(),
          existingTotal,
          createdTotal,
          allocations);
    }

    void place(
        int member,
        Need need,
        NeedInfo info,
        boolean exists,
        Map<Integer, List<FederatedCredentialPlan>> credentials,
        Map<Need, String> targets,
        Map<Integer, String> memberIds,
        Identity identity) {
      String resourceId = memberIds.computeIfAbsent(member, n -> overflowResourceId(identity, n));
      targets.put(need, resourceId);
      credentials
          .computeIfAbsent(member, m -> new ArrayList<>())
          .add(
              new FederatedCredentialPlan(
                  info.issuer,
                  List.copyOf(info.clusterIds),
                  info.namespace,
                  info.serviceAccount,
                  need.subject(),
                  credentialName(info),
                  info.use,
                  exists));
    }

    String credentialName(NeedInfo info) {
      if (info.issuer == null) {
        return null;
      }
      try {
        return FederatedCredentialName.of(info.issuer, info.namespace, info.serviceAccount);
      } catch (InvalidFieldException e) {
        return null; // not an https issuer: the federation service will refuse it with the reason
      }
    }

    String overflowResourceId(Identity identity, int n) {
      return MigrationPlanner.overflowResourceId(identity.resourceId(), n);
    }

    /** 1 for the identity itself, n for its overflow {@code <name>-wi-n}, 0 otherwise. */
    int member(Identity identity, String resourceId) {
      String k = key(resourceId);
      if (k.equals(identity.key())) {
        return 1;
      }
      Matcher m = OVERFLOW_NAME.matcher(new IdentityRef(resourceId, null).name());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(2));
        if (n >= 2 && key(overflowResourceId(identity, n)).equals(k)) {
          return n;
        }
      }
      return 0;
    }

    // -- clusters -------------------------------------------------------------------------------

    List<ClusterPlan> clusterPlans(
        List<Candidate> candidates,
        List<BlockedWorkload> blocked,
        Map<String, TreeMap<Need, NeedInfo>> needs) {
      Map<String, int[]> counts = new TreeMap<>();
      for (Candidate c : candidates) {
        counts.computeIfAbsent(c.observed().workload().clusterId(), k -> new int[2])[0]++;
      }
      for (BlockedWorkload b : blocked) {
        counts.computeIfAbsent(b.workload().clusterId(), k -> new int[2])[1]++;
      }
      needs.values().stream()
          .flatMap(m -> m.values().stream())
          .flatMap(i -> i.clusterIds.stream())
          .forEach(id -> counts.computeIfAbsent(id, k -> new int[2]));
      Map<String, ClusterPlan> plans = new LinkedHashMap<>();
      counts.forEach(
          (id, n) -> {
            ClusterObserved c = clusters.get(id);
            boolean enable;
            String reason;
            if (c == null) {
              enable = true;
              reason =
                  "no ClusterObserved from this cluster yet: its issuer is unknown; enable the OIDC"
                      + " issuer and Workload ID before the first federated credential";
            } else if (c.oidcIssuerUrl() == null) {
              enable = true;
              reason =
                  "OIDC issuer not enabled: enable it and Workload ID before the first federated"
                      + " credential";
            } else if (!c.workloadIdentityWebhookInstalled()) {
              enable = true;
              reason =
                  "Workload ID webhook not installed: enable Workload ID before the first rollout";
            } else {
              enable = false;
              reason = "OIDC issuer and Workload ID already enabled";
            }
            plans.put(
                id,
                new ClusterPlan(
                    id,
                    c == null ? null : c.oidcIssuerUrl(),
                    c != null,
                    enable,
                    reason,
                    n[0],
                    n[1]));
          });
      return List.copyOf(plans.values());
    }
  }
}
