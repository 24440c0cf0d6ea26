package dev.wimigrate.webhook.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import java.util.List;

/** The outcome of admitting one pod: a patch (possibly empty) or a denial with its reason. */
public sealed interface MutationResult {

  /**
   * The pod is admitted.
   *
   * @param pod the pod after mutation
   * @param patch RFC 6902 operations turning the submitted pod into {@code pod}; empty when the pod
   *     already carries everything (reinvocation, pods created from mutated templates)
   * @param warnings admission warnings shown to the user (kubectl prints them)
   */
  record Mutated(JsonNode pod, List<PatchOperation> patch, List<String> warnings)
      implements MutationResult {
    public Mutated {
      patch = List.copyOf(patch);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The pod is rejected.
   *
   * @param code HTTP-style status code of the denial (400 for invalid input)
   * @param message the reason, shown to the user by the apiserver
   */
  record Denied(int code, String message) implements MutationResult {}

  static Denied badRequest(String message) {
    return new Denied(400, message);
  }
}
