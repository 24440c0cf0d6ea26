package dev.wimigrate.events.common;

/**
 * A record component failed validation. Carries the component name separately so the codec can
 * report it with the full path of the enclosing message (e.g. {@code workload.namespace}).
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** Component name, possibly with a nested path or index, e.g. {@code podIdentityNames[2]}. */
  public String field() {
    return field;
  }

  /** What is wrong, e.g. {@code must be a DNS-1123 label, got "Foo_"}. */
  public String problem() {
    return problem;
  }
}
