package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.cluster.WorkloadVerified;
import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.events.identity.PodIdentityRemoved;
import dev.wimigrate.events.identity.RoleAssignmentsCopied;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.inventory.planning.ClusterPlan;
import dev.wimigrate.inventory.planning.FederatedCredentialPlan;
import dev.wimigrate.inventory.planning.FleetView;
import dev.wimigrate.inventory.planning.IdentityAllocation;
import dev.wimigrate.inventory.planning.IdentityBudget;
import dev.wimigrate.inventory.planning.MigrationPlan;
import dev.wimigrate.inventory.planning.WorkloadPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One migration's saga: the shared steps (cluster, identities, federated credentials), every
 * workload's steps, and the rules that move them. Plain Java without I/O: every input (a result, a
 * clock tick, an operator's request) returns {@link Effects} for the edge to persist and send. Not
 * thread-safe; the engine drives each run from one thread.
 */
public final class MigrationRun {

  private static final int MAX_DIFF_CHARS = 4000;

  private final SagaSettings settings;
  private MigrationHeader header;
  private final Map<String, Step> shared = new LinkedHashMap<>();
  private final Map<String, WorkloadSaga> workloads = new LinkedHashMap<>();
  private final Map<String, String> stepOwner = new HashMap<>();

  /** Not started yet, by wave, in plan order: the queue new workloads start from. */
  private final Map<Integer, Set<String>> notStarted = new java.util.TreeMap<>();

  /** Started and not yet verified or ended: what counts against maxWorkloadsInFlight. */
  private final Set<String> active = new HashSet<>();

  /** Not ended yet (any non-terminal phase). */
  private final Set<String> open = new HashSet<>();

  /** Ended or ending after a failure. */
  private final Set<String> failed = new LinkedHashSet<>();

  private final Set<String> startedKeys = new HashSet<>();

  /** Cluster id → its workloads' keys (fixed when planned). */
  private final Map<String, List<String>> clusterWorkloads = new LinkedHashMap<>();

  private int firstWave = Integer.MAX_VALUE;

  /** Shared step id → the workloads whose first step waits for it (fixed when planned). */
  private final Map<String, List<String>> users = new HashMap<>();

  private Effects fx;
  private Instant now;

  private MigrationRun(SagaSettings settings, MigrationHeader header) {
    this.settings = settings;
    this.header = header;
  }

  // ------------------------------------------------------------------ building

  /** Turns a plan into the saga's steps; nothing is sent until {@link #advance}. */
  public static MigrationRun plan(
      MigrationRequested request,
      MigrationPlan plan,
      FleetView fleet,
      SagaSettings settings,
      Instant now) {
    String id = request.migrationId();
    boolean dryRun = request.mode() == MigrationMode.DRY_RUN;
    int firstWave = plan.waves().stream().mapToInt(w -> w.number()).min().orElse(1);
    int lastWave = plan.waves().stream().mapToInt(w -> w.number()).max().orElse(firstWave);
    MigrationRun run =
        new MigrationRun(
            settings,
            new MigrationHeader(
                id,
                request,
                MigrationStatus.RUNNING,
                dryRun ? "dry run: read-only checks and server-side dry runs" : "started",
                firstWave,
                lastWave,
                0,
                plan.clusters(),
                plan.identities(),
                plan.notes(),
                List.of(),
                now,
                now));
    Map<String, ClusterObserved> clusters = new HashMap<>();
    fleet.clusters().forEach(c -> clusters.put(c.clusterId(), c));

    // Clusters: OIDC issuer and Workload ID first (not in a dry run: it changes the cluster)
    Map<String, String> clusterSteps = new HashMap<>();
    if (!dryRun) {
      for (ClusterPlan c : plan.clusters()) {
        if (c.enableWorkloadIdentity() && c.workloads() > c.blocked()) {
          ClusterObserved observed = clusters.get(c.clusterId());
          String step = stepId(id, StepKind.ENABLE_CLUSTER, c.clusterId());
          run.putShared(
              Step.waiting(
                  step,
                  new StepSpec.EnableCluster(
                      c.clusterId(), observed == null ? null : observed.azureResourceId()),
                  List.of()));
          clusterSteps.put(c.clusterId(), step);
        }
      }
    }

    // Identities, role copies for overflow identities, federated credentials
    Map<String, String> ensureSteps = new HashMap<>();
    Map<String, String> readySteps = new HashMap<>(); // identity → step after which it can be used
    Map<String, String> credentialSteps = new HashMap<>();
    // KEDA's operator scales with the identity once its TriggerAuthentications switch (at a
    // workload's cleanup), so its credential is a prerequisite of that identity's workloads
    Map<String, List<String>> kedaSteps = new HashMap<>();
    for (IdentityBudget budget : plan.identities()) {
      String original = lower(budget.resourceId());
      String originalEnsure = stepId(id, StepKind.ENSURE_IDENTITY, original);
      for (IdentityAllocation a : budget.allocations()) {
        String identity = lower(a.resourceId());
        if (dryRun && a.overflow()) {
          continue; // a dry run creates nothing; overflow identities are previewed in the plan
        }
        String ensure = stepId(id, StepKind.ENSURE_IDENTITY, identity);
        run.putShared(
            Step.waiting(
                ensure,
                new StepSpec.EnsureIdentity(
                    a.resourceId(), a.overflow(), a.overflow() ? originalEnsure : null),
                a.overflow() ? List.of(originalEnsure) : List.of()));
        ensureSteps.put(identity, ensure);
        String ready = ensure;
        if (a.overflow()) {
          String copy = stepId(id, StepKind.COPY_ROLES, identity);
          String from =
              a.copyRoleAssignmentsFrom() != null ? a.copyRoleAssignmentsFrom() : original;
          run.putShared(
              Step.waiting(
                  copy,
                  new StepSpec.CopyRoles(from, a.resourceId()),
                  List.of(ensure, originalEnsure)));
          ready = copy;
        }
        readySteps.put(identity, ready);
        if (dryRun) {
          continue;
        }
        for (FederatedCredentialPlan f : a.credentials()) {
          String clusterId = f.clusterIds().isEmpty() ? null : f.clusterIds().get(0);
          String clusterStep =
              f.clusterIds().stream()
                  .map(clusterSteps::get)
                  .filter(s -> s != null)
                  .findFirst()
                  .orElse(null);
          String issuerKey = f.issuer() != null ? f.issuer() : "pending:" + clusterId;
          String subject =
              identity + "|" + issuerKey + "|" + f.namespace() + "|" + f.serviceAccount();
          String step = stepId(id, StepKind.CREATE_CREDENTIAL, subject);
          List<String> after = new ArrayList<>(List.of(ready));
          if (clusterStep != null) {
            after.add(clusterStep);
          }
          run.putShared(
              Step.waiting(
                  step,
                  new StepSpec.CreateCredential(
                      a.resourceId(),
                      f.issuer(),
                      clusterStep,
                      clusterId,
                      f.namespace(),
                      f.serviceAccount()),
                  after));
          if (f.use() == dev.wimigrate.inventory.planning.CredentialUse.KEDA_OPERATOR) {
            for (String c : f.clusterIds()) {
              kedaSteps.computeIfAbsent(original + "|" + c, k -> new ArrayList<>()).add(step);
            }
          }
          if (f.issuer() != null) {
            credentialSteps.put(
                credentialKey(identity, f.issuer(), f.namespace(), f.serviceAccount()), step);
          }
          for (String c : f.clusterIds()) {
            credentialSteps.put(
                credentialKey(identity, "pending:" + c, f.namespace(), f.serviceAccount()), step);
          }
        }
      }
    }

    // Workloads
    Map<String, WorkloadObserved> observed = new HashMap<>();
    fleet.workloads().forEach(w -> observed.put(w.workload().key(), w));
    for (WorkloadPlan w : plan.workloads()) {
      String target = lower(w.targetIdentityResourceId());
      String original = lower(w.identityResourceId());
      WorkloadRef ref = w.workload();
      String key = w.key();
      List<Step> steps = new ArrayList<>();
      boolean sidecar = w.path() == MigrationPath.SIDECAR;
      if (dryRun) {
        // the original identity's ids stand in for an overflow identity that does not exist yet
        String identityStep = ensureSteps.get(original);
        steps.add(
            Step.waiting(
                stepId(id, StepKind.ENSURE_SERVICE_ACCOUNT, key),
                new StepSpec.EnsureServiceAccount(ref, w.serviceAccount(), identityStep),
                identityStep == null ? List.of() : List.of(identityStep)));
        steps.add(
            Step.waiting(
                stepId(id, StepKind.PATCH_WORKLOAD, key),
                new StepSpec.PatchWorkload(ref, w.serviceAccount(), sidecar),
                List.of(steps.get(0).id())));
      } else {
        String issuerKey = w.issuer() != null ? w.issuer() : "pending:" + ref.clusterId();
        String credential =
            credentialSteps.get(
                credentialKey(target, issuerKey, ref.namespace(), w.serviceAccount()));
        if (credential == null) {
          credential =
              credentialSteps.get(
                  credentialKey(
                      target, "pending:" + ref.clusterId(), ref.namespace(), w.serviceAccount()));
        }
        List<String> needs = new ArrayList<>();
        needs.add(readySteps.get(target));
        if (credential != null) {
          needs.add(credential);
        }
        if (clusterSteps.containsKey(ref.clusterId())) {
          needs.add(clusterSteps.get(ref.clusterId()));
        }
        needs.addAll(kedaSteps.getOrDefault(original + "|" + ref.clusterId(), List.of()));
        needs.removeIf(s -> s == null);
        String sa = stepId(id, StepKind.ENSURE_SERVICE_ACCOUNT, key);
        steps.add(
            Step.waiting(
                sa,
                new StepSpec.EnsureServiceAccount(ref, w.serviceAccount(), ensureSteps.get(target)),
                needs));
        String patch = stepId(id, StepKind.PATCH_WORKLOAD, key);
        steps.add(
            Step.waiting(
                patch, new StepSpec.PatchWorkload(ref, w.serviceAccount(), sidecar), List.of(sa)));
        String rollout = stepId(id, StepKind.ROLLOUT, key);
        steps.add(Step.waiting(rollout, new StepSpec.Rollout(ref), List.of(patch)));
        String verify = stepId(id, StepKind.VERIFY, key);
        steps.add(Step.waiting(verify, new StepSpec.Verify(ref, sidecar), List.of(rollout)));
        steps.add(
            Step.waiting(
                stepId(id, StepKind.CLEANUP, key),
                new StepSpec.Cleanup(ref, w.identityResourceId()),
                List.of(verify)));
      }
      run.putWorkload(
          new WorkloadSaga(
              id,
              key,
              ref,
              w.path(),
              w.wave(),
              w.reason(),
              w.identityResourceId(),
              w.targetIdentityResourceId(),
              w.serviceAccount(),
              podIdentities(observed.get(key), fleet),
              SagaPhase.PLANNED,
              steps,
              List.of(),
              null,
              null,
              false,
              List.of(),
              now));
    }
    plan.blocked()
        .forEach(
            b ->
                run.putWorkload(
                    new WorkloadSaga(
                        id,
                        b.key(),
                        b.workload(),
                        b.path(),
                        0,
                        b.reason(),
                        null,
                        null,
                        null,
                        List.of(),
                        SagaPhase.BLOCKED,
                        List.of(),
                        List.of(),
                        null,
                        null,
                        false,
                        List.of(),
                        now)));
    return run;
  }

  /** A run as persisted, after a restart. */
  public static MigrationRun restore(
      MigrationHeader header,
      Collection<SharedStep> steps,
      Collection<WorkloadSaga> workloads,
      SagaSettings settings) {
    MigrationRun run = new MigrationRun(settings, header);
    steps.forEach(s -> run.shared.put(s.step().id(), s.step()));
    workloads.stream().sorted((a, b) -> a.key().compareTo(b.key())).forEach(run::putWorkload);
    return run;
  }

  /** Every entry of the run, to persist it as a whole (at its start). */
  public List<SagaEntry> entries() {
    List<SagaEntry> all = new ArrayList<>();
    all.add(header);
    shared.values().forEach(s -> all.add(new SharedStep(header.migrationId(), s)));
    all.addAll(workloads.values());
    return all;
  }

  // ------------------------------------------------------------------ views

  public MigrationHeader header() {
    return header;
  }

  public String id() {
    return header.migrationId();
  }

  public Collection<WorkloadSaga> workloads() {
    return workloads.values();
  }

  public Collection<Step> sharedSteps() {
    return shared.values();
  }

  /**
   * The federated credentials this migration created and did not delete again: the planner counts
   * them against the identities' budgets in later migrations.
   */
  public List<dev.wimigrate.inventory.planning.ExistingFederatedCredential> createdCredentials() {
    List<dev.wimigrate.inventory.planning.ExistingFederatedCredential> out = new ArrayList<>();
    for (Step s : shared.values()) {
      if (s.kind() != StepKind.CREATE_CREDENTIAL || s.status() != StepStatus.SUCCEEDED) {
        continue;
      }
      Step delete = shared.get(stepId(id(), StepKind.DELETE_CREDENTIAL, s.id()));
      if (delete != null && delete.status() == StepStatus.SUCCEEDED) {
        continue;
      }
      StepSpec.CreateCredential c = (StepSpec.CreateCredential) s.spec();
      out.add(
          new dev.wimigrate.inventory.planning.ExistingFederatedCredential(
              c.identityResourceId(),
              s.output(SagaCommands.ISSUER),
              new dev.wimigrate.events.common.ServiceAccountRef(c.namespace(), c.serviceAccount())
                  .subject()));
    }
    return out;
  }

  /** Workloads that failed (a step failed, before or after compensation). */
  public int failures() {
    return failed.size();
  }

  // ------------------------------------------------------------------ inputs

  /** Starts or continues whatever can run now; also what a clock tick does. */
  public Effects advance(Instant at, Supplier<FleetView> fleet) {
    begin(at);
    if (!header.status().ended()) {
      timeoutsAndRetries();
    }
    sweep(fleet, null);
    return fx;
  }

  /** After a restart: sends the command of every running step again (same step and attempt). */
  public Effects resend(Instant at) {
    begin(at);
    if (!header.status().ended()) {
      for (Step s : allSteps()) {
        if (s.status() == StepStatus.RUNNING) {
          fx.command(SagaCommands.command(s, id(), header.dryRun(), settings, this::find));
        }
      }
    }
    return fx;
  }

  /** A worker answered. Unknown, duplicate and abandoned answers change nothing. */
  public Effects onResult(StepResult result, Instant at, Supplier<FleetView> fleet) {
    begin(at);
    Step s = find(result.step().stepId());
    if (s != null
        && s.status().inFlight()
        && result.step().attempt() <= s.attempt()
        && !header.status().ended()) {
      if (result instanceof StepFailed f) {
        if (f.step().attempt() == s.attempt()) {
          failOrRetry(s, f.errorCode(), f.reason(), f.retryable());
        }
      } else if (fits(s.kind(), result)) {
        succeed(s, result);
      }
    }
    sweep(fleet, s == null ? List.of() : concerned(s));
    return fx;
  }

  /** The workloads a step's outcome can move: its owner, or those that wait for it. */
  private Collection<String> concerned(Step s) {
    String owner = stepOwner.get(s.id());
    if (owner != null) {
      return List.of(owner);
    }
    if (s.kind() == StepKind.REMOVE_POD_IDENTITY) {
      return clusterWorkloads.getOrDefault(
          ((StepSpec.RemovePodIdentity) s.spec()).clusterId(), List.of());
    }
    return users.getOrDefault(s.id(), List.of());
  }

  /** Nothing new starts; running steps finish and compensation goes on. */
  public Effects pause(Instant at, String by) {
    begin(at);
    require(
        header.status() == MigrationStatus.RUNNING || header.status() == MigrationStatus.HALTED,
        "pause");
    setStatus(MigrationStatus.PAUSED, "paused by " + by);
    return fx;
  }

  /** Continues a paused or halted migration; failures so far no longer halt it. */
  public Effects resume(Instant at, String by, Supplier<FleetView> fleet) {
    begin(at);
    require(
        header.status() == MigrationStatus.PAUSED || header.status() == MigrationStatus.HALTED,
        "resume");
    header = header.withAcceptedFailures(failures(), now);
    setStatus(MigrationStatus.RUNNING, "resumed by " + by);
    sweep(fleet, null);
    return fx;
  }

  /**
   * Takes every workload that is not yet cleaned up back to pod identity. Cleaned-up workloads have
   * lost their pod identity objects and stay on Workload ID.
   */
  public Effects rollback(Instant at, String by, Supplier<FleetView> fleet) {
    begin(at);
    require(
        header.status() == MigrationStatus.RUNNING
            || header.status() == MigrationStatus.PAUSED
            || header.status() == MigrationStatus.HALTED,
        "roll back");
    setStatus(MigrationStatus.ROLLING_BACK, "rollback requested by " + by);
    sweep(fleet, null);
    return fx;
  }

  /** The request does not fit the migration's status (409). */
  public static final class IllegalTransition extends RuntimeException {
    IllegalTransition(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------ the rules

  /**
   * Moves the run on. {@code concerned} are the workloads an input can have changed (null: all, as
   * on a tick or an operator's request); workloads waiting to start are taken from the queue as
   * long as the in-flight limit allows, so a result costs about the same in a run of ten thousand
   * workloads as in one of ten.
   */
  private void sweep(Supplier<FleetView> fleet, Collection<String> concerned) {
    if (header.status().ended()) {
      return;
    }
    boolean all = concerned == null;
    Collection<String> visit = all ? List.copyOf(workloads.keySet()) : concerned;
    boolean rollingBack = header.status() == MigrationStatus.ROLLING_BACK;
    for (String key : visit) {
      WorkloadSaga w = workloads.get(key);
      if (w != null && !w.phase().terminal() && (rollingBack || !waitingToStart(w))) {
        drive(w);
      }
    }
    startWaitingWorkloads();
    deleteUnusedCredentials(all ? null : visit);
    cleanUpClusters(fleet, all ? null : clustersOf(visit));
    releaseWaves();
    haltOnFailures();
    finishIfDone();
  }

  private boolean waitingToStart(WorkloadSaga w) {
    Set<String> wave = notStarted.get(w.wave());
    return wave != null && wave.contains(w.key());
  }

  private Set<String> clustersOf(Collection<String> keys) {
    Set<String> clusters = new HashSet<>();
    for (String k : keys) {
      WorkloadSaga w = workloads.get(k);
      if (w != null) {
        clusters.add(w.clusterId());
      }
    }
    return clusters;
  }

  /** Starts released workloads in plan order while fewer than the limit are in flight. */
  private void startWaitingWorkloads() {
    if (header.status() != MigrationStatus.RUNNING) {
      return;
    }
    int slots = settings.maxWorkloadsInFlight() - active.size();
    for (Map.Entry<Integer, Set<String>> wave : notStarted.entrySet()) {
      if (wave.getKey() > header.releasedWave() || slots <= 0) {
        break;
      }
      List<String> next = new ArrayList<>(Math.max(0, slots));
      for (String key : wave.getValue()) {
        if (next.size() >= slots) {
          break;
        }
        next.add(key);
      }
      for (String key : next) {
        slots--;
        drive(workloads.get(key)); // it starts, or waits for the shared steps it pulled
      }
    }
  }

  private void drive(WorkloadSaga w) {
    MigrationStatus status = header.status();
    if (w.phase() == SagaPhase.ROLLING_BACK) {
      driveCompensation(w);
      return;
    }
    if (w.phase() == SagaPhase.CLEANED_UP) {
      return; // waits for its cluster's pod identity removal
    }
    if (status == MigrationStatus.ROLLING_BACK && !w.anyInFlight()) {
      compensate(w, null, "rolled back: " + header.statusReason());
      return;
    }
    Step next = null;
    for (Step s : w.steps()) {
      if (!s.status().done()) {
        next = s;
        break;
      }
    }
    if (next == null) {
      setPhase(w, header.dryRun() ? SagaPhase.PREVIEWED : SagaPhase.CLEANED_UP);
      return;
    }
    if (next.status() == StepStatus.FAILED) {
      compensate(w, next.id(), failureText(next));
      return;
    }
    if (next.status() == StepStatus.WAITING
        && (status == MigrationStatus.RUNNING || status == MigrationStatus.HALTED)) {
      boolean first = next == w.steps().get(0);
      if (!first || (status == MigrationStatus.RUNNING && w.wave() <= header.releasedWave())) {
        if (first) {
          next.after().forEach(this::pull);
        }
        String blockedBy = null;
        boolean ready = true;
        for (String d : next.after()) {
          Step dep = find(d);
          if (dep == null || dep.status() == StepStatus.FAILED) {
            blockedBy = dep == null ? "prerequisite " + d + " is missing" : failureText(dep);
            break;
          }
          ready &= dep.status().done();
        }
        if (blockedBy != null) {
          compensate(w, next.after().isEmpty() ? next.id() : firstFailed(next.after()), blockedBy);
          return;
        }
        if (ready) {
          send(next);
        }
      }
    }
    WorkloadSaga current = workloads.get(w.key());
    SagaPhase phase = forwardPhase(current);
    if (phase != current.phase()) {
      setPhase(current, phase);
    }
  }

  /**
   * Starts a shared step a starting workload needs, once its own prerequisites are done (pulling
   * them first); a failed prerequisite fails it, so every workload waiting for it hears why.
   */
  private void pull(String id) {
    Step s = shared.get(id);
    if (s == null || s.status() != StepStatus.WAITING) {
      return;
    }
    boolean ready = true;
    for (String d : s.after()) {
      Step dep = find(d);
      if (dep == null || dep.status() == StepStatus.FAILED) {
        store(
            s.failed(
                now,
                "PrerequisiteFailed",
                dep == null ? "prerequisite " + d + " is missing" : failureText(dep)));
        return;
      }
      if (dep.status() == StepStatus.WAITING) {
        pull(d);
      }
      ready &= find(d).status().done();
    }
    if (ready) {
      send(s);
    }
  }

  private void timeoutsAndRetries() {
    boolean paused = header.status() == MigrationStatus.PAUSED;
    for (Step s : allSteps()) {
      if (s.status() == StepStatus.RUNNING && !now.isBefore(s.deadline())) {
        if (s.attempt() < settings.maxAttempts()) {
          if (!paused || compensating(s)) {
            outcome(s, "timed-out", "Timeout");
            send(s);
          }
        } else {
          String why =
              "no answer within "
                  + settings.timeout(s.kind())
                  + " after "
                  + s.attempt()
                  + " attempt"
                  + (s.attempt() == 1 ? "" : "s");
          store(s.failed(now, "Timeout", why));
          outcome(s, "failed", "Timeout");
        }
      } else if (s.status() == StepStatus.RETRYING
          && !now.isBefore(s.retryAt())
          && (!paused || compensating(s))) {
        send(s);
      }
    }
  }

  private static String failureText(Step failed) {
    return failed.kind().slug()
        + " failed"
        + (failed.errorCode() == null ? "" : " (" + failed.errorCode() + ")")
        + ": "
        + failed.error();
  }

  private String firstFailed(List<String> ids) {
    for (String d : ids) {
      Step dep = find(d);
      if (dep == null || dep.status() == StepStatus.FAILED) {
        return d;
      }
    }
    return ids.get(0);
  }

  private void driveCompensation(WorkloadSaga w) {
    Step next = w.compensation().stream().filter(s -> !s.status().done()).findFirst().orElse(null);
    if (next == null) {
      setPhase(w, SagaPhase.ROLLED_BACK);
    } else if (next.status() == StepStatus.FAILED) {
      put(
          w.failing(
              w.failedStep(),
              (w.failure() == null ? "" : w.failure() + "; ")
                  + "rollback failed: "
                  + next.error()
                  + " (restore the workload by hand: kubectl annotate shows"
                  + " wimigrate.dev/pre-migration)",
              w.compensation(),
              SagaPhase.FAILED,
              true,
              now));
    } else if (next.status() == StepStatus.WAITING) {
      send(next);
    }
  }

  /**
   * Starts undoing a workload. A workload that changed nothing in its cluster has nothing to undo:
   * it ends FAILED (after a failure) or ROLLED_BACK (after an operator's rollback).
   */
  private void compensate(WorkloadSaga w, String failedStep, String why) {
    if (w.changedCluster()) {
      Step undo =
          Step.waiting(
              stepId(id(), StepKind.ROLLBACK, w.key()),
              new StepSpec.Rollback(w.workload()),
              List.of());
      stepOwner.put(undo.id(), w.key());
      WorkloadSaga next =
          w.failing(failedStep, why, List.of(undo), SagaPhase.ROLLING_BACK, false, now);
      put(next);
      driveCompensation(next);
    } else {
      WorkloadSaga next =
          w.failing(
              failedStep,
              why,
              List.of(),
              failedStep == null ? SagaPhase.ROLLED_BACK : SagaPhase.FAILED,
              false,
              now);
      put(next);
    }
  }

  private SagaPhase forwardPhase(WorkloadSaga w) {
    if (w.phase().terminal()
        || w.phase() == SagaPhase.ROLLING_BACK
        || w.phase() == SagaPhase.CLEANED_UP) {
      return w.phase();
    }
    SagaPhase phase = SagaPhase.PLANNED;
    for (String need : w.needs()) {
      Step s = find(need);
      if (s == null || !s.status().done()) {
        continue;
      }
      if (s.kind() == StepKind.CREATE_CREDENTIAL) {
        phase = SagaPhase.FEDERATED;
      } else if ((s.kind() == StepKind.ENSURE_IDENTITY || s.kind() == StepKind.COPY_ROLES)
          && phase == SagaPhase.PLANNED) {
        phase = SagaPhase.IDENTITY_READY;
      }
    }
    for (Step s : w.steps()) {
      if (!s.status().done()) {
        break;
      }
      phase =
          switch (s.kind()) {
            case ENSURE_SERVICE_ACCOUNT -> SagaPhase.SERVICE_ACCOUNT_READY;
            case PATCH_WORKLOAD -> SagaPhase.PATCHED;
            case ROLLOUT -> SagaPhase.ROLLED_OUT;
            case VERIFY -> SagaPhase.VERIFIED;
            default -> phase;
          };
    }
    return phase;
  }

  /** A credential this migration created goes again once every workload using it went back. */
  private void deleteUnusedCredentials(Collection<String> concerned) {
    List<Step> candidates;
    if (concerned == null) {
      candidates = List.copyOf(shared.values());
    } else {
      candidates = new ArrayList<>();
      for (String key : concerned) {
        WorkloadSaga w = workloads.get(key);
        if (w != null && (w.phase() == SagaPhase.ROLLED_BACK || w.phase() == SagaPhase.FAILED)) {
          w.needs().stream().map(shared::get).filter(x -> x != null).forEach(candidates::add);
        }
      }
    }
    for (Step s : candidates) {
      if (s.kind() != StepKind.CREATE_CREDENTIAL
          || s.status() != StepStatus.SUCCEEDED
          || !"true".equals(s.output(SagaCommands.CREATED))) {
        continue;
      }
      List<WorkloadSaga> using =
          users.getOrDefault(s.id(), List.of()).stream().map(workloads::get).toList();
      boolean unused =
          !using.isEmpty()
              && using.stream()
                  .allMatch(
                      w ->
                          w.phase() == SagaPhase.ROLLED_BACK
                              || (w.phase() == SagaPhase.FAILED && !w.needsAttention()));
      String deleteId = unused ? stepId(id(), StepKind.DELETE_CREDENTIAL, s.id()) : null;
      if (unused && !shared.containsKey(deleteId)) {
        StepSpec.CreateCredential c = (StepSpec.CreateCredential) s.spec();
        Step delete =
            Step.waiting(
                deleteId,
                new StepSpec.DeleteCredential(
                    c.identityResourceId(),
                    s.output(SagaCommands.ISSUER),
                    c.namespace(),
                    c.serviceAccount()),
                List.of(s.id()));
        shared.put(deleteId, delete);
        send(delete);
      }
    }
  }

  /**
   * When every workload of a cluster in this migration has ended or is cleaned up, the pod
   * identities nothing uses any more are removed in Azure, and the add-on is disabled if no
   * workload of the cluster (in the whole fleet, not just this migration) still needs it.
   */
  private void cleanUpClusters(Supplier<FleetView> fleet, Set<String> clusters) {
    if (header.dryRun() || (clusters != null && clusters.isEmpty())) {
      return;
    }
    Map<String, List<WorkloadSaga>> byCluster = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : clusterWorkloads.entrySet()) {
      if (clusters == null || clusters.contains(e.getKey())) {
        List<WorkloadSaga> list = new ArrayList<>(e.getValue().size());
        for (String key : e.getValue()) {
          WorkloadSaga w = workloads.get(key);
          if (w.phase() != SagaPhase.BLOCKED) {
            list.add(w);
          }
        }
        byCluster.put(e.getKey(), list);
      }
    }
    FleetView view = null;
    for (Map.Entry<String, List<WorkloadSaga>> e : byCluster.entrySet()) {
      String clusterId = e.getKey();
      List<WorkloadSaga> cleaned =
          e.getValue().stream().filter(w -> w.phase() == SagaPhase.CLEANED_UP).toList();
      if (cleaned.isEmpty()) {
        continue;
      }
      if (header.status() == MigrationStatus.ROLLING_BACK) {
        cleaned.forEach(w -> setPhase(w, SagaPhase.DONE));
        continue;
      }
      String stepId = stepId(id(), StepKind.REMOVE_POD_IDENTITY, clusterId);
      Step step = shared.get(stepId);
      if (step == null) {
        boolean allSettled =
            e.getValue().stream()
                .allMatch(w -> w.phase().terminal() || w.phase() == SagaPhase.CLEANED_UP);
        if (!allSettled || header.status() == MigrationStatus.PAUSED) {
          continue;
        }
        if (view == null) {
          view = fleet.get();
        }
        step = removalStep(stepId, clusterId, cleaned, view);
        shared.put(stepId, step);
        fx.entry(new SharedStep(id(), step));
        if (step.status() == StepStatus.WAITING) {
          send(step);
          step = shared.get(stepId);
        }
      }
      if (step.status() == StepStatus.FAILED) {
        String problem =
            "cluster " + clusterId + ": removing pod identity in Azure failed: " + step.error();
        if (!header.problems().contains(problem)) {
          header = header.withProblem(problem, now);
          fx.entry(header);
        }
      }
      if (step.status().done() || step.status() == StepStatus.FAILED) {
        cleaned.forEach(w -> setPhase(w, SagaPhase.DONE));
      }
    }
  }

  private Step removalStep(
      String stepId, String clusterId, List<WorkloadSaga> cleaned, FleetView fleet) {
    Set<String> cleanedKeys = new HashSet<>();
    cleaned.forEach(w -> cleanedKeys.add(w.key()));
    Set<String> stillUsed = new TreeSet<>();
    List<String> stillNeeding = new ArrayList<>();
    for (WorkloadObserved o : fleet.workloads()) {
      WorkloadRef ref = o.workload();
      if (!ref.clusterId().equals(clusterId) || cleanedKeys.contains(ref.key())) {
        continue;
      }
      List<String> uses = podIdentities(o, fleet);
      if (!uses.isEmpty() || o.podIdentitySelector() != null) {
        stillNeeding.add(ref.key());
        stillUsed.addAll(uses);
      }
    }
    for (TriggerAuthenticationObserved t : fleet.triggerAuthentications()) {
      if (t.clusterId().equals(clusterId)
          && !t.deleted()
          && "azure".equals(t.provider())
          && t.clusterScoped()) {
        stillNeeding.add(clusterId + "/ClusterTriggerAuthentication/" + t.name());
      }
    }
    Set<String> remove = new TreeSet<>();
    cleaned.forEach(w -> remove.addAll(w.podIdentities()));
    remove.removeAll(stillUsed);
    boolean disableAddon = stillNeeding.isEmpty();
    ClusterObserved cluster =
        fleet.clusters().stream()
            .filter(c -> c.clusterId().equals(clusterId))
            .findFirst()
            .orElse(null);
    String resourceId = cluster == null ? null : cluster.azureResourceId();
    StepSpec.RemovePodIdentity spec =
        new StepSpec.RemovePodIdentity(clusterId, resourceId, List.copyOf(remove), disableAddon);
    Step step = Step.waiting(stepId, spec, List.of());
    if (resourceId == null) {
      return step.skipped(
          now,
          "the ARM id of cluster "
              + clusterId
              + " is unknown (CLUSTER_RESOURCE_ID on its agent): remove the pod identities "
              + remove
              + (disableAddon ? " and disable the add-on" : "")
              + " in Azure by hand");
    }
    if (remove.isEmpty() && !disableAddon) {
      return step.skipped(
          now,
          "nothing to remove: the pod identities are still used by "
              + stillNeeding.subList(0, Math.min(5, stillNeeding.size())));
    }
    return step;
  }

  /** The next wave starts once every workload of the released ones is verified or ended. */
  private void releaseWaves() {
    if (header.status() != MigrationStatus.RUNNING) {
      return;
    }
    int wave = header.releasedWave();
    while (wave < header.lastWave() && waveSettled(wave)) {
      wave++;
    }
    if (wave != header.releasedWave()) {
      header = header.withReleasedWave(wave, now);
      fx.entry(header);
      startWaitingWorkloads(); // the newly released workloads can start at once
    }
  }

  private boolean waveSettled(int wave) {
    for (Map.Entry<Integer, Set<String>> e : notStarted.entrySet()) {
      if (e.getKey() <= wave && !e.getValue().isEmpty()) {
        return false;
      }
    }
    for (String key : active) {
      if (workloads.get(key).wave() <= wave) {
        return false;
      }
    }
    return true;
  }

  private static boolean settledForward(SagaPhase phase) {
    return phase == SagaPhase.VERIFIED || phase == SagaPhase.CLEANED_UP || phase.terminal();
  }

  private void haltOnFailures() {
    if (header.status() != MigrationStatus.RUNNING || header.dryRun()) {
      return;
    }
    int failures = failures();
    if (failures <= header.acceptedFailures()) {
      return;
    }
    if (settings.haltOnCanaryFailure() && header.lastWave() > firstWave) {
      WorkloadSaga canary =
          failed.stream()
              .map(workloads::get)
              .filter(w -> w.wave() == firstWave)
              .findFirst()
              .orElse(null);
      if (canary != null) {
        setStatus(
            MigrationStatus.HALTED,
            "canary workload " + canary.key() + " failed (" + canary.failure() + ")");
        return;
      }
    }
    long started = startedKeys.size();
    int newFailures = failures - header.acceptedFailures();
    if (newFailures >= 3 && failures > settings.maxFailureFraction() * Math.max(1, started)) {
      setStatus(
          MigrationStatus.HALTED,
          failures
              + " of "
              + started
              + " started workloads failed, more than the limit of "
              + Math.round(settings.maxFailureFraction() * 100)
              + "%");
    }
  }

  private void finishIfDone() {
    MigrationStatus status = header.status();
    if (status == MigrationStatus.PAUSED || status == MigrationStatus.HALTED) {
      return;
    }
    boolean allEnded = open.isEmpty();
    if (!allEnded) {
      return;
    }
    boolean sharedBusy = shared.values().stream().anyMatch(s -> s.status().inFlight());
    if (!allEnded || sharedBusy) {
      return;
    }
    for (Step s : List.copyOf(shared.values())) {
      if (s.status() == StepStatus.WAITING) {
        store(s.skipped(now, "not needed: no workload went on to use it"));
      }
    }
    if (status == MigrationStatus.ROLLING_BACK) {
      long stayed = workloads.values().stream().filter(w -> w.phase() == SagaPhase.DONE).count();
      setStatus(
          MigrationStatus.ROLLED_BACK,
          stayed == 0
              ? "every started workload is back on pod identity"
              : stayed + " workload(s) were already cleaned up and stay on Workload ID");
    } else if (header.dryRun()) {
      setStatus(MigrationStatus.PREVIEWED, "dry run finished");
    } else if (failures() > 0 || !header.problems().isEmpty()) {
      setStatus(
          MigrationStatus.COMPLETED_WITH_FAILURES,
          failures() + " workload(s) failed, " + header.problems().size() + " cluster problem(s)");
    } else {
      setStatus(MigrationStatus.COMPLETED, "every selected workload is on Workload ID");
    }
  }

  // ------------------------------------------------------------------ results

  private void succeed(Step s, StepResult result) {
    Map<String, String> out = new LinkedHashMap<>();
    if (result instanceof IdentityReady r) {
      out.put(SagaCommands.CLIENT_ID, r.clientId());
      out.put(SagaCommands.TENANT_ID, r.tenantId());
      out.put("principalId", r.principalId());
      out.put(SagaCommands.CREATED, Boolean.toString(r.created()));
      if (r.location() != null) {
        out.put(SagaCommands.LOCATION, r.location());
      }
    } else if (result instanceof ClusterWorkloadIdentityEnabled r) {
      out.put(SagaCommands.ISSUER, r.oidcIssuerUrl());
    } else if (result instanceof RoleAssignmentsCopied r) {
      out.put("copied", Integer.toString(r.copied()));
    } else if (result instanceof FederatedCredentialReady r) {
      out.put(SagaCommands.CREATED, Boolean.toString(r.created()));
      out.put(SagaCommands.ISSUER, r.issuer());
      out.put("name", r.credentialName());
      out.put("propagationWaited", r.propagationWaited().toString());
    } else if (result instanceof PodIdentityRemoved r) {
      out.put("removed", String.join(",", r.removed()));
      out.put("addonDisabled", Boolean.toString(r.addonDisabled()));
    } else if (result instanceof WorkloadVerified r) {
      boolean sidecar = s.spec() instanceof StepSpec.Verify v && v.sidecar();
      if (r.readyPods() == 0
          || !r.envInjected()
          || !r.tokenVolumePresent()
          || (sidecar && !r.sidecarPresent())) {
        failOrRetry(
            s,
            "VerificationIncomplete",
            "pods not on Workload ID: readyPods="
                + r.readyPods()
                + " env="
                + r.envInjected()
                + " tokenVolume="
                + r.tokenVolumePresent()
                + (sidecar ? " sidecar=" + r.sidecarPresent() : ""),
            false);
        return;
      }
      out.put("readyPods", Integer.toString(r.readyPods()));
    } else if (result instanceof WorkloadRolledOut r) {
      out.put("revision", r.revision());
    } else if (result instanceof CleanedUp r) {
      out.put("deleted", String.join(",", r.deletedObjects()));
      out.put("updated", String.join(",", r.updatedObjects()));
    } else if (result instanceof RolledBack r) {
      out.put("restored", String.join(",", r.restoredObjects()));
    } else if (result instanceof ServiceAccountReady r) {
      out.put("changed", Boolean.toString(r.changed()));
      diff(s, "service account", r.diff());
    } else if (result instanceof WorkloadPatched r) {
      out.put("changed", Boolean.toString(r.changed()));
      diff(s, "pod template", r.diff());
    }
    Step done = find(s.id()).succeeded(now, out);
    store(done);
    outcome(done, "succeeded", null);
  }

  private void diff(Step s, String what, String diff) {
    String owner = stepOwner.get(s.id());
    if (!header.dryRun() || owner == null || diff == null || diff.isBlank()) {
      return;
    }
    String text = diff.length() > MAX_DIFF_CHARS ? diff.substring(0, MAX_DIFF_CHARS) + "…" : diff;
    put(workloads.get(owner).withDiff(what + ":\n" + text, now));
  }

  private void failOrRetry(Step s, String code, String reason, boolean retryable) {
    if (retryable && s.attempt() < settings.maxAttempts()) {
      store(s.retrying(now.plus(settings.backoff(s.attempt() + 1)), code, reason));
      outcome(s, "retried", code);
    } else {
      store(s.failed(now, code, reason));
      outcome(s, "failed", code);
    }
  }

  private static boolean fits(StepKind kind, StepResult result) {
    return switch (kind) {
      case ENABLE_CLUSTER -> result instanceof ClusterWorkloadIdentityEnabled;
      case ENSURE_IDENTITY -> result instanceof IdentityReady;
      case COPY_ROLES -> result instanceof RoleAssignmentsCopied;
      case CREATE_CREDENTIAL -> result instanceof FederatedCredentialReady;
      case ENSURE_SERVICE_ACCOUNT -> result instanceof ServiceAccountReady;
      case PATCH_WORKLOAD -> result instanceof WorkloadPatched;
      case ROLLOUT -> result instanceof WorkloadRolledOut;
      case VERIFY -> result instanceof WorkloadVerified;
      case CLEANUP -> result instanceof CleanedUp;
      case REMOVE_POD_IDENTITY -> result instanceof PodIdentityRemoved;
      case ROLLBACK -> result instanceof RolledBack;
      case DELETE_CREDENTIAL -> result instanceof FederatedCredentialDeleted;
    };
  }

  // ------------------------------------------------------------------ plumbing

  private void begin(Instant at) {
    fx = new Effects();
    now = at;
  }

  private void require(boolean allowed, String action) {
    if (!allowed) {
      throw new IllegalTransition(
          "cannot " + action + " migration " + id() + ": it is " + header.status());
    }
  }

  private void setStatus(MigrationStatus next, String why) {
    MigrationStatus from = header.status();
    header = header.withStatus(next, why, now);
    fx.entry(header);
    if (from != next) {
      fx.statusChange(new Effects.StatusChange(id(), from, next, why));
    }
  }

  private void setPhase(WorkloadSaga w, SagaPhase phase) {
    put(workloads.get(w.key()).withPhase(phase, now));
  }

  /** Sends the next attempt of a step (or fails it when its command can't be built). */
  private void send(Step s) {
    Step started = find(s.id()).started(now, settings.timeout(s.kind()));
    try {
      var command = SagaCommands.command(started, id(), header.dryRun(), settings, this::find);
      store(started);
      fx.command(command);
    } catch (SagaCommands.StepCannotRun e) {
      store(started.failed(now, e.code(), e.getMessage()));
      outcome(started, "failed", e.code());
    }
  }

  private void outcome(Step s, String outcome, String code) {
    Duration took = s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now);
    fx.outcome(new Effects.StepOutcome(s.kind(), outcome, code, took));
  }

  private boolean compensating(Step s) {
    return s.kind() == StepKind.ROLLBACK || s.kind() == StepKind.DELETE_CREDENTIAL;
  }

  Step find(String stepId) {
    Step s = shared.get(stepId);
    if (s != null) {
      return s;
    }
    String owner = stepOwner.get(stepId);
    if (owner == null) {
      return null;
    }
    WorkloadSaga w = workloads.get(owner);
    for (Step x : w.steps()) {
      if (x.id().equals(stepId)) {
        return x;
      }
    }
    for (Step x : w.compensation()) {
      if (x.id().equals(stepId)) {
        return x;
      }
    }
    return null;
  }

  private void store(Step s) {
    if (shared.containsKey(s.id())) {
      shared.put(s.id(), s);
      fx.entry(new SharedStep(id(), s));
      return;
    }
    put(workloads.get(stepOwner.get(s.id())).with(s, now));
  }

  private List<Step> allSteps() {
    List<Step> all = new ArrayList<>(shared.values());
    for (WorkloadSaga w : workloads.values()) {
      all.addAll(w.steps());
      all.addAll(w.compensation());
    }
    return all;
  }

  private void putShared(Step s) {
    shared.put(s.id(), s);
  }

  /** A changed workload: kept, persisted, and its place in the start queue and in-flight set. */
  private void put(WorkloadSaga w) {
    workloads.put(w.key(), w);
    fx.entry(w);
    reindex(w);
  }

  private void reindex(WorkloadSaga w) {
    boolean waitingToStart =
        !w.phase().terminal()
            && w.phase() != SagaPhase.ROLLING_BACK
            && !w.steps().isEmpty()
            && w.steps().get(0).status() == StepStatus.WAITING;
    Set<String> wave = notStarted.computeIfAbsent(w.wave(), k -> new LinkedHashSet<>());
    if (waitingToStart) {
      wave.add(w.key());
    } else {
      wave.remove(w.key());
    }
    if (w.started() && !w.phase().terminal() && !settledForward(w.phase())) {
      active.add(w.key());
    } else {
      active.remove(w.key());
    }
    if (w.phase().terminal()) {
      open.remove(w.key());
    } else {
      open.add(w.key());
    }
    if (w.failedStep() != null) {
      failed.add(w.key());
    }
    if (w.started()) {
      startedKeys.add(w.key());
    }
    if (w.phase() != SagaPhase.BLOCKED) {
      firstWave = Math.min(firstWave, w.wave());
    }
  }

  private void putWorkload(WorkloadSaga w) {
    if (!workloads.containsKey(w.key())) {
      w.needs().forEach(n -> users.computeIfAbsent(n, k -> new ArrayList<>()).add(w.key()));
      clusterWorkloads.computeIfAbsent(w.clusterId(), k -> new ArrayList<>()).add(w.key());
    }
    workloads.put(w.key(), w);
    reindex(w);
    w.steps().forEach(s -> stepOwner.put(s.id(), w.key()));
    w.compensation().forEach(s -> stepOwner.put(s.id(), w.key()));
  }

  /** The {@code namespace/name} of the AzureIdentities a workload's bindings point at. */
  static List<String> podIdentities(WorkloadObserved w, FleetView fleet) {
    if (w == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (PodIdentityBindingRef b : w.bindings()) {
      String ns = w.workload().namespace();
      for (PodIdentityObserved p : fleet.podIdentities()) {
        if (p.clusterId().equals(w.workload().clusterId())
            && p.name().equals(b.identityName())
            && !p.deleted()) {
          ns = p.namespace();
          if (p.namespace().equals(w.workload().namespace())) {
            break;
          }
        }
      }
      names.add(ns + "/" + b.identityName());
    }
    return List.copyOf(names);
  }

  /**
   * A step id: unique per migration (a second migration of the same workload must not look like a
   * re-delivery to the agent), printable, at most 256 characters.
   */
  static String stepId(String migrationId, StepKind kind, String subject) {
    String id = migrationId + "/" + kind.slug() + "/" + subject;
    if (id.length() <= 256 && printable(id)) {
      return id;
    }
    return migrationId + "/" + kind.slug() + "/" + sha256(subject).substring(0, 40);
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  private static String credentialKey(
      String identity, String issuerKey, String namespace, String sa) {
    return identity + "|" + issuerKey + "|" + namespace + "|" + sa;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** SHA-256 of the text as lower-case hex (step ids, migration ids). */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
