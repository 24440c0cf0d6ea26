package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.ServiceAccountRef;

/**
 * Knobs of the planner. {@code canaryFraction} of the plannable workloads (at least one) form the
 * canary wave; {@code federatedCredentialLimit} is Azure's limit per identity (20); {@code
 * kedaOperator} is the service account KEDA's operator runs as (KEDA's chart default {@code
 * keda/keda-operator}), which needs a credential on every identity a TriggerAuthentication uses.
 */
public record PlannerSettings(
    double canaryFraction, int federatedCredentialLimit, ServiceAccountRef kedaOperator) {

  /** Azure's limit of federated identity credentials per user-assigned identity. */
  public static final int AZURE_FIC_LIMIT = 20;

  public PlannerSettings {
    if (!(canaryFraction > 0 && canaryFraction <= 1)) {
      throw new InvalidFieldException(
          "canaryFraction", "must be > 0 and <= 1, got " + canaryFraction);
    }
    Checks.between("federatedCredentialLimit", federatedCredentialLimit, 1, AZURE_FIC_LIMIT);
    Checks.notNull("kedaOperator", kedaOperator);
  }

  public static PlannerSettings defaults() {
    return new PlannerSettings(
        0.1, AZURE_FIC_LIMIT, new ServiceAccountRef("keda", "keda-operator"));
  }

  public PlannerSettings withCanaryFraction(double fraction) {
    return new PlannerSettings(fraction, federatedCredentialLimit, kedaOperator);
  }
}
