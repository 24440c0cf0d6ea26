package dev.wimigrate.agent.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a workload and what it depends on looked before wimigrate changed anything, kept as JSON in
 * the workload's {@code wimigrate.dev/pre-migration} annotation. It is written together with (or
 * before) the first change and only ever extended with objects seen for the first time, so Rollback
 * restores the original state however often commands are re-delivered.
 *
 * @param template the pod template's labels, annotations and service account
 * @param serviceAccounts service account name → its state before the first change
 * @param triggerAuthentications KEDA TriggerAuthentication name → its original {@code podIdentity}
 * @param deletedObjects manifests of pod identity objects cleanup deleted (recreated by Rollback)
 */
public record PreMigrationRecord(
    TemplateState template,
    Map<String, AccountState> serviceAccounts,
    Map<String, Map<String, Object>> triggerAuthentications,
    List<Map<String, Object>> deletedObjects) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public PreMigrationRecord {
    serviceAccounts = serviceAccounts == null ? Map.of() : new TreeMap<>(serviceAccounts);
    triggerAuthentications =
        triggerAuthentications == null ? Map.of() : new TreeMap<>(triggerAuthentications);
    deletedObjects = deletedObjects == null ? List.of() : List.copyOf(deletedObjects);
  }

  public static PreMigrationRecord of(TemplateState template) {
    return new PreMigrationRecord(template, Map.of(), Map.of(), List.of());
  }

  /** This record with the account's state, unless the account was recorded already. */
  public PreMigrationRecord withAccount(String name, AccountState state) {
    if (serviceAccounts.containsKey(name)) {
      return this;
    }
    Map<String, AccountState> accounts = new LinkedHashMap<>(serviceAccounts);
    accounts.put(name, state);
    return new PreMigrationRecord(template, accounts, triggerAuthentications, deletedObjects);
  }

  /** This record with a TriggerAuthentication's original podIdentity, unless recorded already. */
  public PreMigrationRecord withTriggerAuthentication(
      String name, Map<String, Object> podIdentity) {
    if (triggerAuthentications.containsKey(name)) {
      return this;
    }
    Map<String, Map<String, Object>> keda = new LinkedHashMap<>(triggerAuthentications);
    keda.put(name, podIdentity);
    return new PreMigrationRecord(template, serviceAccounts, keda, deletedObjects);
  }

  /** This record with the manifest of an object about to be deleted. */
  public PreMigrationRecord withDeleted(Map<String, Object> manifest) {
    if (deletedObjects.contains(manifest)) {
      return this;
    }
    List<Map<String, Object>> deleted = new ArrayList<>(deletedObjects);
    deleted.add(manifest);
    return new PreMigrationRecord(template, serviceAccounts, triggerAuthentications, deleted);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the pre-migration record", e);
    }
  }

  /** The record in an annotation value; empty for no annotation. */
  public static java.util.Optional<PreMigrationRecord> fromJson(String json) {
    if (json == null || json.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(JSON.readValue(json, PreMigrationRecord.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the "
              + WorkloadIdentityKeys.PRE_MIGRATION
              + " annotation is not readable: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
