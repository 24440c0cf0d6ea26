package dev.wimigrate.events.common;

/** The node OS a workload's pods run on (from nodeSelector/affinity on kubernetes.io/os). */
public enum OperatingSystem {
  LINUX,
  WINDOWS,
  UNKNOWN
}
