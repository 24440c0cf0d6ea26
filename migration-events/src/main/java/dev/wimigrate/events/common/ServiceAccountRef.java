package dev.wimigrate.events.common;

/** A Kubernetes service account; its {@link #subject()} is what a federated credential trusts. */
public record ServiceAccountRef(
    @SchemaHint(pattern = Checks.DNS_LABEL) String namespace,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String name) {

  private static final String PREFIX = "system:serviceaccount:";

  public ServiceAccountRef {
    Checks.dnsLabel("namespace", namespace);
    Checks.dnsSubdomain("name", name);
  }

  /** {@code system:serviceaccount:<namespace>:<name>}, the {@code sub} of its tokens. */
  public String subject() {
    return PREFIX + namespace + ":" + name;
  }

  /** Inverse of {@link #subject()}. */
  public static ServiceAccountRef fromSubject(String subject) {
    String[] parts = Checks.notNull("subject", subject).split(":", -1);
    if (parts.length != 4 || !subject.startsWith(PREFIX)) {
      throw new InvalidFieldException(
          "subject", "must be system:serviceaccount:NS:SA, got " + Checks.quote(subject));
    }
    return new ServiceAccountRef(parts[2], parts[3]);
  }
}
