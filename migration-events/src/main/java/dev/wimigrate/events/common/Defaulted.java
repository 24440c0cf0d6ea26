package dev.wimigrate.events.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a list or map component that may be absent on the wire; the compact constructor then
 * substitutes {@link #value()} (for a list) or an empty map. The accessor never returns null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.PARAMETER,
  ElementType.FIELD,
  ElementType.METHOD
})
public @interface Defaulted {
  /** The default elements of a list component; empty for an empty list or map. */
  String[] value() default {};
}
