package dev.wimigrate.testkit.azure.arm;

import java.util.List;

/** A role definition (built-in ones carry Azure's well-known GUIDs). */
public record RoleDefinition(
    String guid, String roleName, String description, List<String> actions) {

  public static final String TYPE = "Microsoft.Authorization/roleDefinitions";

  /** The built-in roles the emulator knows, with Azure's GUIDs. */
  public static List<RoleDefinition> builtIns() {
    return List.of(
        new RoleDefinition(
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            "Owner",
            "Grants full access to manage all resources.",
            List.of("*")),
        new RoleDefinition(
            "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Contributor",
            "Grants full access to manage all resources, but does not allow you to assign roles.",
            List.of("*")),
        new RoleDefinition(
            "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "Reader",
            "View all resources, but does not allow you to make any changes.",
            List.of("*/read")),
        new RoleDefinition(
            "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
            "User Access Administrator",
            "Lets you manage user access to Azure resources.",
            List.of("*/read", "Microsoft.Authorization/*")),
        new RoleDefinition(
            "f1a07417-d97a-45cb-824c-7a7467783830",
            "Managed Identity Operator",
            "Read and Assign User Assigned Identity",
            List.of(
                "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
                "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action")),
        new RoleDefinition(
            "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
            "Managed Identity Contributor",
            "Create, Read, Update, and Delete User Assigned Identity",
            List.of("Microsoft.ManagedIdentity/userAssignedIdentities/*")),
        new RoleDefinition(
            "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
            "Storage Blob Data Reader",
            "Allows for read access to Azure Storage blob containers and data",
            List.of("Microsoft.Storage/storageAccounts/blobServices/containers/read")),
        new RoleDefinition(
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            "Storage Blob Data Contributor",
            "Allows for read, write and delete access to Azure Storage blob containers and data",
            List.of("Microsoft.Storage/storageAccounts/blobServices/containers/*")),
        new RoleDefinition(
            "4633458b-17de-408a-b874-0445c86b69e6",
            "Key Vault Secrets User",
            "Read secret contents.",
            List.of()),
        new RoleDefinition(
            "7f951dda-4ed3-4680-a7ca-43fe172d538d",
            "AcrPull",
            "acr pull",
            List.of("Microsoft.ContainerRegistry/registries/pull/read")));
  }
}
