package dev.wimigrate.identity.azure;

/** What ARM says about a user-assigned identity: its ids (GUIDs) and where it lives. */
public record IdentityIds(
    String resourceId, String clientId, String principalId, String tenantId, String location) {}
