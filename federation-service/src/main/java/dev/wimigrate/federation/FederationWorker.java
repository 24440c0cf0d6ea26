package dev.wimigrate.federation;

import dev.wimigrate.azurekit.AzureCallException;
import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.events.common.IdentityRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.events.federation.FederationCommand;
import dev.wimigrate.federation.credentials.FederatedCredential;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import dev.wimigrate.federation.planning.CredentialDecision;
import dev.wimigrate.federation.planning.CredentialPlanner;
import dev.wimigrate.federation.propagation.PropagationWaiter;
import dev.wimigrate.federation.propagation.PropagationWaiter.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Carries out federation commands. Writes to one identity's credentials happen strictly one at a
 * time (Azure refuses concurrent ones with a 409), while waiting for propagation happens outside
 * that lock so a slow credential never holds up the identity's next write. Every command starts by
 * re-reading Azure, so a re-delivered command does nothing twice.
 */
public final class FederationWorker {

  public static final String SERVICE = "federation-service";

  private final FederatedCredentialStore store;
  private final Retrier retrier;
  private final PropagationWaiter propagation;
  private final Clock clock;
  private final int limit;
  private final ConcurrentHashMap<String, ReentrantLock> identityLocks = new ConcurrentHashMap<>();

  public FederationWorker(
      FederatedCredentialStore store,
      Retrier retrier,
      PropagationWaiter propagation,
      Clock clock,
      int limit) {
    this.store = store;
    this.retrier = retrier;
    this.propagation = propagation;
    this.clock = clock;
    this.limit = limit;
  }

  /** The command's result: a FederationResult, or StepFailed with Azure's error code. */
  public dev.wimigrate.events.common.Event handle(FederationCommand command)
      throws InterruptedException {
    if (command instanceof CreateFederatedCredential create) {
      return create(create);
    }
    return delete((DeleteFederatedCredential) command);
  }

  private dev.wimigrate.events.common.Event create(CreateFederatedCredential command)
      throws InterruptedException {
    String identity = command.identityResourceId();
    FederatedCredential wanted =
        new FederatedCredential(
            command.credentialName(), command.issuer(), command.subject(), command.audiences());
    CredentialDecision decision;
    String clientId;
    ReentrantLock lock = lockFor(identity);
    lock.lockInterruptibly();
    try {
      List<FederatedCredential> existing =
          retrier.call("listFederatedCredentials", () -> store.list(identity));
      decision = CredentialPlanner.decide(existing, wanted, limit);
      if (decision instanceof CredentialDecision.Write write) {
        retrier.call("putFederatedCredential", () -> store.put(identity, write.wanted()));
      }
      clientId = retrier.call("getIdentity", () -> store.clientIdOf(identity));
    } catch (AzureCallException e) {
      return azureFailure(command.step(), "CreateFederatedCredential", identity, e);
    } finally {
      lock.unlock();
    }
    if (decision instanceof CredentialDecision.OverBudget over) {
      return failed(
          command.step(),
          "CreateFederatedCredential",
          "FederatedCredentialLimitReached",
          "identity "
              + identity
              + " already has "
              + over.current().size()
              + " of at most "
              + over.limit()
              + " federated credentials ("
              + over.current().stream()
                  .map(c -> c.name() + " -> " + c.subject())
                  .collect(Collectors.joining(", "))
              + "); plan an overflow identity for "
              + command.subject(),
          false);
    }
    if (decision instanceof CredentialDecision.Conflict conflict) {
      return failed(
          command.step(),
          "CreateFederatedCredential",
          "FederatedCredentialConflict",
          "identity "
              + identity
              + " already trusts "
              + command.subject()
              + " from this issuer through credential "
              + conflict.existing().name()
              + " with audiences "
              + conflict.existing().audiences()
              + ", not "
              + command.audiences(),
          false);
    }
    FederatedCredential credential =
        decision instanceof CredentialDecision.AlreadyPresent present ? present.existing() : wanted;
    Outcome outcome =
        propagation.await(command.clusterId(), command.serviceAccount(), clientId, credential);
    if (outcome instanceof Outcome.Mismatch mismatch) {
      return failed(
          command.step(),
          "CreateFederatedCredential",
          mismatch.errorCode(),
          "credential "
              + credential.name()
              + " on "
              + identity
              + " can never match: "
              + mismatch.reason(),
          false);
    }
    if (outcome instanceof Outcome.TimedOut timedOut) {
      return failed(
          command.step(),
          "CreateFederatedCredential",
          timedOut.errorCode(),
          "credential "
              + credential.name()
              + " on "
              + identity
              + " was still not honoured by Entra after "
              + timedOut.waited().toSeconds()
              + " s although its issuer, subject and audience match the token",
          true);
    }
    return new FederatedCredentialReady(
        command.step(),
        identity,
        credential.name(),
        credential.issuer(),
        credential.subject(),
        decision instanceof CredentialDecision.Write,
        outcome.waited());
  }

  private dev.wimigrate.events.common.Event delete(DeleteFederatedCredential command)
      throws InterruptedException {
    String identity = command.identityResourceId();
    ReentrantLock lock = lockFor(identity);
    lock.lockInterruptibly();
    try {
      retrier.call(
          "deleteFederatedCredential", () -> store.delete(identity, command.credentialName()));
    } catch (AzureCallException e) {
      if (e.status() != 404) {
        return azureFailure(command.step(), "DeleteFederatedCredential", identity, e);
      }
      // the identity itself is gone, and its credentials with it: the rollback's goal holds
    } finally {
      lock.unlock();
    }
    return new FederatedCredentialDeleted(command.step(), identity, command.credentialName());
  }

  private ReentrantLock lockFor(String identityResourceId) {
    return identityLocks.computeIfAbsent(
        IdentityRef.partitionKey(identityResourceId), k -> new ReentrantLock(true));
  }

  private StepFailed azureFailure(
      StepRef step, String stepName, String identity, AzureCallException e) {
    return failed(
        step,
        stepName,
        e.code(),
        "Azure answered "
            + (e.status() == 0 ? "nothing" : "HTTP " + e.status())
            + " for identity "
            + identity
            + ": "
            + e.getMessage(),
        e.isTransient());
  }

  private StepFailed failed(
      StepRef step, String stepName, String code, String reason, boolean retryable) {
    return new StepFailed(step, SERVICE, stepName, null, code, reason, retryable, clock.instant());
  }
}
