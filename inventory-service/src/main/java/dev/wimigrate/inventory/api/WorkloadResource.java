package dev.wimigrate.inventory.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.inventory.fleet.FleetInventory;
import dev.wimigrate.inventory.fleet.WorkloadEntry;
import dev.wimigrate.inventory.fleet.WorkloadPage;
import dev.wimigrate.inventory.fleet.WorkloadQuery;
import dev.wimigrate.inventory.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fleet's workloads, filtered and paged in key order ({@code cluster/namespace/Kind/name}).
 * Every filter is optional; a page ends with an opaque {@code continue} token when more may follow.
 */
@Path("/api/v1/workloads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READ)
public class WorkloadResource {

  private static final Pattern CLUSTER_ID = Pattern.compile(Checks.CLUSTER_ID);
  private static final Pattern DNS_LABEL = Pattern.compile(Checks.DNS_LABEL);
  private static final List<String> PATHS =
      Stream.concat(
              Arrays.stream(MigrationPath.values()).map(Enum::name),
              Stream.of(WorkloadEntry.NO_POD_IDENTITY))
          .toList();
  private static final int MAX_IDENTITY_LENGTH = 1024;

  /** A page of workloads; {@code continue} is absent on the last page. */
  public record WorkloadList(
      List<WorkloadEntry> items, @JsonProperty("continue") String continueToken) {}

  private final FleetInventory inventory;

  public WorkloadResource(FleetInventory inventory) {
    this.inventory = inventory;
  }

  @GET
  public WorkloadList list(
      @QueryParam("cluster") String cluster,
      @QueryParam("namespace") String namespace,
      @QueryParam("path") String path,
      @QueryParam("identity") String identity,
      @QueryParam("limit") String limit,
      @QueryParam("continue") String continueToken) {
    WorkloadQuery query =
        new WorkloadQuery(
            cluster(cluster),
            namespace(namespace),
            path(path),
            identity(identity),
            limit(limit),
            null);
    String after = after(continueToken, query);
    query =
        new WorkloadQuery(
            query.cluster(),
            query.namespace(),
            query.path(),
            query.identity(),
            query.limit(),
            after);
    WorkloadPage page = inventory.query(query);
    return new WorkloadList(
        page.items(), page.continueAfter() == null ? null : token(page.continueAfter()));
  }

  private String cluster(String cluster) {
    if (cluster == null) {
      return null;
    }
    if (!CLUSTER_ID.matcher(cluster).matches()) {
      throw ApiErrors.badRequest(
          "cluster must be a cluster id (1-63 letters, digits, '-', '_' or '.', starting and"
              + " ending with a letter or digit), got '"
              + printable(cluster)
              + "'");
    }
    if (!inventory.knows(cluster)) {
      throw ApiErrors.notFound("no cluster '" + cluster + "' has reported");
    }
    return cluster;
  }

  private static String namespace(String namespace) {
    if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
      throw ApiErrors.badRequest(
          "namespace must be a DNS label (1-63 lower-case letters, digits or '-', starting and"
              + " ending with a letter or digit), got '"
              + printable(namespace)
              + "'");
    }
    return namespace;
  }

  private static String path(String path) {
    if (path == null) {
      return null;
    }
    String upper = path.toUpperCase(Locale.ROOT).replace('-', '_');
    if (!PATHS.contains(upper)) {
      throw ApiErrors.badRequest(
          "path must be one of "
              + PATHS.stream().collect(Collectors.joining(", "))
              + ", got '"
              + printable(path)
              + "'");
    }
    return upper;
  }

  private static String identity(String identity) {
    if (identity == null) {
      return null;
    }
    if (identity.isBlank() || identity.length() > MAX_IDENTITY_LENGTH) {
      throw ApiErrors.badRequest(
          "identity must be an identity resource id, client id or AzureIdentity name of 1-"
              + MAX_IDENTITY_LENGTH
              + " characters");
    }
    return identity;
  }

  private static int limit(String limit) {
    if (limit == null) {
      return WorkloadQuery.DEFAULT_LIMIT;
    }
    int value;
    try {
      value = Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw ApiErrors.badRequest(
          "limit must be an integer from 1 to "
              + WorkloadQuery.MAX_LIMIT
              + ", got '"
              + printable(limit)
              + "'");
    }
    if (value < 1 || value > WorkloadQuery.MAX_LIMIT) {
      throw ApiErrors.badRequest(
          "limit must be from 1 to " + WorkloadQuery.MAX_LIMIT + ", got " + value);
    }
    return value;
  }

  /** The key a continue token names; it must lie inside the query's cluster/namespace. */
  private static String after(String token, WorkloadQuery query) {
    if (token == null) {
      return null;
    }
    String key;
    try {
      key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("continue is not a token this API returned");
    }
    String[] parts = key.split("/", -1);
    if (parts.length != 4) {
      throw ApiErrors.badRequest("continue is not a token this API returned");
    }
    if ((query.cluster() != null && !query.cluster().equals(parts[0]))
        || (query.namespace() != null && !query.namespace().equals(parts[1]))) {
      throw ApiErrors.badRequest(
          "continue belongs to another query: repeat the cluster and namespace of the first page");
    }
    return key;
  }

  private static String token(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Bad input echoed back, shortened and without control characters. */
  private static String printable(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
  }
}
