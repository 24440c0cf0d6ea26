package dev.wimigrate.testkit.azure.arm;

import dev.wimigrate.testkit.azure.rules.ArmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft.Authorization role assignments and (built-in) role definitions, free of HTTP: GUID
 * names, unique (principal, role, scope), immutable principal/scope/role, {@code PrincipalNotFound}
 * for principals the directory does not know (yet), and ARM's list filters.
 */
public final class RoleAssignmentStore {

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern ROLE_DEFINITION_ID =
      Pattern.compile(
          "(?i)^(/subscriptions/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/([^/]+)$");
  private static final Pattern PRINCIPAL_FILTER =
      Pattern.compile("(?i)(?:principalId\\s+eq\\s+'([^']*)'|assignedTo\\('([^']*)'\\))");

  private final String tenantId;
  private final Function<String, Optional<Instant>> directory;
  private final Supplier<Duration> replicationDelay;
  private final Clock clock;
  private final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();
  private final Map<String, RoleDefinition> definitions = new LinkedHashMap<>();

  /**
   * @param directory when a principal (object id) came into existence, empty if it does not exist
   * @param replicationDelay how long after that the principal is visible to role assignments
   */
  public RoleAssignmentStore(
      String tenantId,
      Function<String, Optional<Instant>> directory,
      Supplier<Duration> replicationDelay,
      Clock clock) {
    this.tenantId = tenantId;
    this.directory = directory;
    this.replicationDelay = replicationDelay;
    this.clock = clock;
    RoleDefinition.builtIns().forEach(this::addDefinition);
  }

  public synchronized void addDefinition(RoleDefinition definition) {
    definitions.put(definition.guid().toLowerCase(Locale.ROOT), definition);
  }

  /** The parameters of a create request ({@code properties} of the body). */
  public record Create(
      String roleDefinitionId,
      String principalId,
      String principalType,
      String description,
      String condition,
      String conditionVersion) {}

  public synchronized IdentityStore.Upsert<RoleAssignment> put(
      String scope, String name, Create request, String callerObjectId) {
    if (!GUID.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidRoleAssignmentId",
          "The role assignment ID '"
              + name
              + "' is not valid. The role assignment ID must be a"
              + " GUID.");
    }
    if (request.principalId() == null || !GUID.matcher(request.principalId()).matches()) {
      throw new ArmException(
          400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
    }
    RoleDefinition role = definition(request.roleDefinitionId());
    String principalType = request.principalType();
    if (principalType == null || principalType.isBlank()) {
      // no type given: ARM looks the principal up in the directory (subject to replication)
      Optional<Instant> since = directory.apply(request.principalId());
      if (since.isEmpty() || clock.instant().isBefore(since.get().plus(replicationDelay.get()))) {
        throw new ArmException(
            400,
            "PrincipalNotFound",
            "Principal "
                + request.principalId().replace("-", "")
                + " does not exist in the directory "
                + tenantId
                + ". Check that you have the correct principal ID. If you are creating this"
                + " principal and then immediately assigning a role, this error might be related"
                + " to a replication delay. In this case, set the role assignment principalType"
                + " property to a value, such as ServicePrincipal, User, or Group.  See"
                + " https://aka.ms/docs-principaltype");
      }
      principalType = "ServicePrincipal";
    }
    String roleDefinitionId =
        subscriptionOf(scope).map(s -> s).orElse("")
            + "/providers/Microsoft.Authorization/roleDefinitions/"
            + role.guid();
    String key = key(scope, name);
    RoleAssignment existing = assignments.get(key);
    for (RoleAssignment other : assignments.values()) {
      if (other != existing
          && other.principalId().equalsIgnoreCase(request.principalId())
          && other.roleDefinitionGuid().equalsIgnoreCase(role.guid())
          && other.scope().equalsIgnoreCase(normalizeScope(scope))) {
        throw new ArmException(409, "RoleAssignmentExists", "The role assignment already exists.");
      }
    }
    Instant now = clock.instant();
    if (existing != null) {
      if (!existing.principalId().equalsIgnoreCase(request.principalId())
          || !existing.roleDefinitionGuid().equalsIgnoreCase(role.guid())) {
        throw new ArmException(
            400,
            "RoleAssignmentUpdateNotPermitted",
            "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      RoleAssignment updated =
          new RoleAssignment(
              existing.id(),
              existing.name(),
              existing.scope(),
              existing.roleDefinitionId(),
              existing.principalId(),
              existing.principalType(),
              request.description(),
              request.condition(),
              request.conditionVersion(),
              existing.createdOn(),
              now,
              existing.createdBy(),
              callerObjectId);
      assignments.put(key, updated);
      return new IdentityStore.Upsert<>(updated, false);
    }
    String normalized = normalizeScope(scope);
    RoleAssignment created =
        new RoleAssignment(
            normalized + "/providers/Microsoft.Authorization/roleAssignments/" + name,
            name,
            normalized,
            roleDefinitionId,
            request.principalId(),
            principalType,
            request.description(),
            request.condition(),
            request.conditionVersion(),
            now,
            now,
            callerObjectId,
            callerObjectId);
    assignments.put(key, created);
    return new IdentityStore.Upsert<>(created, true);
  }

  public synchronized RoleAssignment get(String scope, String name) {
    RoleAssignment a = assignments.get(key(scope, name));
    if (a == null) {
      throw new ArmException(
          404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
    }
    return a;
  }

  /** Removes an assignment; the removed one, or empty when there was none (204). */
  public synchronized Optional<RoleAssignment> delete(String scope, String name) {
    return Optional.ofNullable(assignments.remove(key(scope, name)));
  }

  /**
   * ARM's list at a scope. Without a filter or with {@code principalId eq '…'} / {@code
   * assignedTo('…')}: assignments at, above and below the scope; {@code atScope()}: at or above.
   */
  public synchronized List<RoleAssignment> list(String scope, String filter) {
    String s = normalizeScope(scope).toLowerCase(Locale.ROOT);
    boolean atScope = filter != null && filter.toLowerCase(Locale.ROOT).contains("atscope()");
    String principal = null;
    if (filter != null) {
      Matcher m = PRINCIPAL_FILTER.matcher(filter);
      if (m.find()) {
        principal = m.group(1) != null ? m.group(1) : m.group(2);
      }
    }
    List<RoleAssignment> result = new ArrayList<>();
    for (RoleAssignment a : assignments.values()) {
      String as = a.scope().toLowerCase(Locale.ROOT);
      boolean above = s.equals(as) || s.startsWith(as.equals("/") ? "/" : as + "/");
      boolean below = as.startsWith(s.equals("/") ? "/" : s + "/");
      if (!(above || (!atScope && below))) {
        continue;
      }
      if (principal != null && !a.principalId().equalsIgnoreCase(principal)) {
        continue;
      }
      result.add(a);
    }
    return result;
  }

  public synchronized List<RoleAssignment> all() {
    return List.copyOf(assignments.values());
  }

  /** Role definitions visible at a scope, optionally filtered with {@code roleName eq '…'}. */
  public synchronized List<RoleDefinition> definitions(String filter) {
    if (filter == null || filter.isBlank()) {
      return List.copyOf(definitions.values());
    }
    Matcher m = Pattern.compile("(?i)roleName\\s+eq\\s+'([^']*)'").matcher(filter);
    if (!m.find()) {
      return List.copyOf(definitions.values());
    }
    String name = m.group(1);
    return definitions.values().stream().filter(d -> d.roleName().equalsIgnoreCase(name)).toList();
  }

  public synchronized RoleDefinition definitionByGuid(String guid) {
    RoleDefinition d = definitions.get(guid.toLowerCase(Locale.ROOT));
    if (d == null) {
      throw new ArmException(
          404,
          "RoleDefinitionDoesNotExist",
          "The specified role definition with ID '" + guid + "' does not exist.");
    }
    return d;
  }

  public synchronized void reset() {
    assignments.clear();
  }

  private RoleDefinition definition(String roleDefinitionId) {
    Matcher m = roleDefinitionId == null ? null : ROLE_DEFINITION_ID.matcher(roleDefinitionId);
    if (m == null || !m.matches()) {
      throw new ArmException(
          400,
          "InvalidRoleDefinitionId",
          "The role definition ID '"
              + (roleDefinitionId == null ? "" : roleDefinitionId)
              + "' is not valid.");
    }
    String guid = m.group(2);
    RoleDefinition d = definitions.get(guid.toLowerCase(Locale.ROOT));
    if (d == null) {
      throw new ArmException(
          400,
          "RoleDefinitionDoesNotExist",
          "The specified role definition with ID '" + guid + "' does not exist.");
    }
    return d;
  }

  /** {@code /subscriptions/{sub}} of a scope, if it is in one. */
  public static Optional<String> subscriptionOf(String scope) {
    String[] parts = normalizeScope(scope).split("/");
    if (parts.length >= 3 && parts[1].equalsIgnoreCase("subscriptions")) {
      return Optional.of("/subscriptions/" + parts[2]);
    }
    return Optional.empty();
  }

  static String normalizeScope(String scope) {
    String s = scope.startsWith("/") ? scope : "/" + scope;
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String key(String scope, String name) {
    return (normalizeScope(scope) + "|" + name).toLowerCase(Locale.ROOT);
  }
}
