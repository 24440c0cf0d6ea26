package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * How one workload moves to Workload ID.
 *
 * @param key the workload key {@code clusterId/namespace/Kind/name}
 * @param path {@code LATEST_SDK} or {@code SIDECAR} (never {@code REWRITE_REQUIRED}: those are
 *     {@link BlockedWorkload}s), chosen by {@code MigrationPaths}
 * @param unprivilegedSidecar the sidecar runs without the privileged init container
 * @param reason why that path
 * @param identityResourceId the user-assigned identity the workload has through pod identity
 * @param clientId its client id
 * @param currentServiceAccount the service account the workload runs as today
 * @param serviceAccount the service account it will run as (the same when reused)
 * @param serviceAccountDecision reuse its own, or move to a dedicated one
 * @param targetIdentityResourceId the identity whose federated credential it will use: the
 *     original, or an overflow identity when the original's budget is spent
 * @param rbacDiffBeforeSwitch the workload changes identity: the overflow identity's role
 *     assignments must be checked against the original's (RBAC diff) before it switches
 * @param issuer its cluster's OIDC issuer, null while the cluster has none (enabled first)
 * @param subject the federated credential's subject
 * @param wave the wave number (1 = canary)
 */
public record WorkloadPlan(
    String key,
    WorkloadRef workload,
    MigrationPath path,
    boolean unprivilegedSidecar,
    String reason,
    String identityResourceId,
    String clientId,
    String currentServiceAccount,
    String serviceAccount,
    ServiceAccountDecision serviceAccountDecision,
    String targetIdentityResourceId,
    boolean rbacDiffBeforeSwitch,
    String issuer,
    String subject,
    int wave) {}
