package dev.wimigrate.events.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Constraints of a record component that its Java type does not show, copied into the generated
 * JSON schema. The compact constructor enforces the same constraint (patterns are shared constants
 * of {@link Checks}, written in the common subset of Java and ECMA-262 regex syntax).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SchemaHint {
  /** JSON schema {@code format}, e.g. {@code uuid} or {@code uri}. */
  String format() default "";

  /** JSON schema {@code pattern} (anchored). */
  String pattern() default "";

  long minimum() default Long.MIN_VALUE;

  long maximum() default Long.MAX_VALUE;
}
