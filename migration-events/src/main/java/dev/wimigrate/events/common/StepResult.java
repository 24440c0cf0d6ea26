package dev.wimigrate.events.common;

/**
 * The outcome of one command, on {@code wimigrate.results}: one of the sealed families {@code
 * IdentityResult}, {@code FederationResult}, {@code ClusterResult}, or {@link StepFailed}.
 *
 * <p>Not sealed itself: outside a named module the JVM only allows permitted subclasses in the
 * sealed type's own package, and the results live with their feature. Each family is sealed.
 */
public interface StepResult extends Event {
  StepRef step();
}
