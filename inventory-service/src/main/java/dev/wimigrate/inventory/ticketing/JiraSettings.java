package dev.wimigrate.inventory.ticketing;

import java.net.URI;

/**
 * Where a Jira site keeps the migration fields of an issue, and where comments go back.
 *
 * @param baseUrl the site, e.g. {@code https://jira.example.com}; status comments are posted to
 *     {@code {baseUrl}/rest/api/2/issue/{key}/comment}. {@code null}: no callbacks
 * @param clusterField the issue field naming the cluster (required on the issue)
 * @param namespaceField the namespace (optional)
 * @param workloadsField workload names, comma-separated text or an array (optional)
 * @param labelsField workload labels, {@code key=value,…} or an object (optional)
 * @param modeField {@code dry-run} or {@code execute}, text or a select option (optional)
 */
public record JiraSettings(
    URI baseUrl,
    String clusterField,
    String namespaceField,
    String workloadsField,
    String labelsField,
    String modeField) {

  public static final String DEFAULT_CLUSTER_FIELD = "wimigrate_cluster";
  public static final String DEFAULT_NAMESPACE_FIELD = "wimigrate_namespace";
  public static final String DEFAULT_WORKLOADS_FIELD = "wimigrate_workloads";
  public static final String DEFAULT_LABELS_FIELD = "wimigrate_labels";
  public static final String DEFAULT_MODE_FIELD = "wimigrate_mode";

  /** The default field names, and callbacks to {@code baseUrl} if it is not null. */
  public static JiraSettings defaults(URI baseUrl) {
    return new JiraSettings(
        baseUrl,
        DEFAULT_CLUSTER_FIELD,
        DEFAULT_NAMESPACE_FIELD,
        DEFAULT_WORKLOADS_FIELD,
        DEFAULT_LABELS_FIELD,
        DEFAULT_MODE_FIELD);
  }
}
