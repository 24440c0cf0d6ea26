package dev.wimigrate.events.common;

/** Whether the workload's Azure SDK can use Workload ID by itself. */
public enum SdkGeneration {
  /** Reads AZURE_FEDERATED_TOKEN_FILE and does the token exchange. */
  LATEST,
  /** Only knows IMDS. */
  LEGACY,
  /** No hint; the planner treats it conservatively. */
  UNKNOWN
}
