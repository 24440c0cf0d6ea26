package dev.wimigrate.inventory.ticketing;

/** How a ticketing system signs its webhook requests; all are HMAC-SHA256 with a shared secret. */
public enum SignatureScheme {
  /**
   * wimigrate's own: {@code X-Wimigrate-Signature: sha256=<hex>} over {@code timestamp + "." +
   * body}, with {@code X-Wimigrate-Timestamp: <unix seconds>} that must be within the tolerance of
   * the server's clock (replay protection).
   */
  WIMIGRATE,
  /** Jira (and GitHub) style: {@code X-Hub-Signature: sha256=<hex>} over the body. */
  HUB,
  /** ServiceNow outbound REST: {@code X-ServiceNow-Signature: <base64>} over the body. */
  SERVICENOW
}
