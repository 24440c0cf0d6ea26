package dev.wimigrate.inventory.ticketing;

/**
 * A ticket payload that cannot become a migration request: which field (a path into the JSON, e.g.
 * {@code issue.fields.wimigrate_namespace}) and what is wrong with it.
 */
public final class TicketPayloadException extends RuntimeException {
  private final String field;
  private final String problem;

  public TicketPayloadException(String field, String problem) {
    super(field.isEmpty() ? problem : field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The path of the offending value; empty when the body as a whole is wrong. */
  public String field() {
    return field;
  }

  /** What is wrong, e.g. {@code must be a DNS-1123 label, got "Foo_"}. */
  public String problem() {
    return problem;
  }
}
