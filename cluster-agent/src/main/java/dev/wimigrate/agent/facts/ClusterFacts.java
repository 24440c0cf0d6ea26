package dev.wimigrate.agent.facts;

/** What the agent knows about its cluster as a whole. */
public record ClusterFacts(
    String clusterId,
    String kubernetesVersion,
    String oidcIssuerUrl,
    boolean workloadIdentityWebhookInstalled,
    boolean podIdentityCrdsInstalled,
    boolean kedaInstalled) {}
