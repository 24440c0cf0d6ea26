package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The values every adapter reads, with the same rules whatever the ticketing system: a ticket must
 * name its cluster (a selector without one would select the whole fleet), the mode defaults to a
 * dry run (executing needs an explicit {@code execute}), workloads and labels may be JSON or the
 * comma-separated text a ticket form field holds.
 */
final class TicketValues {

  static final int MAX_REQUESTED_BY = 256;

  private TicketValues() {}

  static String clusterId(JsonField field) {
    return field.check(text(field), Checks::clusterId);
  }

  /** Absent means every namespace of the cluster. */
  static String namespace(JsonField field) {
    return field.isAbsent() ? null : field.check(text(field), Checks::dnsLabel);
  }

  /**
   * Workload names as a JSON array of strings, or as text separated by commas ({@code "cart,
   * web"}); absent or empty means every workload the rest of the selector matches.
   */
  static List<String> workloadNames(JsonField field) {
    if (isUnset(field)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (field.isArray()) {
      for (JsonField element : field.elements()) {
        names.add(element.check(text(element), Checks::dnsSubdomain));
      }
      return names;
    }
    String text = scalar(field, "a string of names separated by commas, or an array of names");
    int index = 0;
    for (String part : text.split(",", -1)) {
      String name = part.trim();
      if (!name.isEmpty()) {
        JsonField element = new JsonField(field.path() + "[" + index++ + "]", null);
        names.add(element.check(name, Checks::dnsSubdomain));
      }
    }
    return names;
  }

  /** Labels as a JSON object of strings, or as text {@code app=cart,tier=web}; absent is none. */
  static Map<String, String> labels(JsonField field) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (isUnset(field)) {
      return labels;
    }
    if (field.isObject()) {
      field
          .members()
          .forEach(
              (key, value) -> {
                if (!value.isText()) {
                  throw value.invalid("must be a string, got " + value.kind());
                }
                labels.put(key, value.node().textValue());
              });
      return labels;
    }
    String text = scalar(field, "an object of strings, or text key=value,key=value");
    for (String part : text.split(",", -1)) {
      String pair = part.trim();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw field.invalid(
            "must be key=value pairs separated by commas, got " + Checks.quote(text));
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }

  /** {@code dry-run} or {@code execute} (any case, '_' for '-'); absent is a dry run. */
  static MigrationMode mode(JsonField field) {
    if (field.isAbsent()) {
      return MigrationMode.DRY_RUN;
    }
    String value = scalar(field, "\"dry-run\" or \"execute\"");
    return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "dry-run" -> MigrationMode.DRY_RUN;
      case "execute" -> MigrationMode.EXECUTE;
      default ->
          throw field.invalid("must be \"dry-run\" or \"execute\", got " + Checks.quote(value));
    };
  }

  static String requestedBy(JsonField field) {
    String value = text(field);
    if (value.length() > MAX_REQUESTED_BY) {
      throw field.invalid("must be at most " + MAX_REQUESTED_BY + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw field.invalid("must not contain control characters");
    }
    return value;
  }

  static URI callbackUrl(JsonField field) {
    if (field.isAbsent()) {
      return null;
    }
    String value = field.text();
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw field.invalid("must be an absolute http(s) URL, got " + Checks.quote(value));
    }
    try {
      return Checks.httpUri(field.path(), uri);
    } catch (InvalidFieldException e) {
      throw new TicketPayloadException(e.field(), e.problem());
    }
  }

  /**
   * A required text value: a JSON string, or a ticket form's option object {@code {"value": "…"}}
   * (Jira select lists, ServiceNow choice and reference fields).
   */
  static String text(JsonField field) {
    return scalar(field.required(), "a string");
  }

  /** Absent, null or empty text is unset: ServiceNow sends unset fields as "". */
  static boolean isUnset(JsonField field) {
    return field.isAbsent() || (field.isText() && field.node().textValue().isBlank());
  }

  static MigrationSelector selector(
      String path,
      String clusterId,
      String namespace,
      List<String> workloadNames,
      Map<String, String> labels) {
    try {
      return new MigrationSelector(clusterId, namespace, workloadNames, labels);
    } catch (InvalidFieldException e) {
      throw new TicketPayloadException(
          path.isEmpty() ? e.field() : path + "." + e.field(), e.problem());
    }
  }

  private static String scalar(JsonField field, String expected) {
    JsonField value = field;
    if (field.isObject() && field.node().has("value")) {
      value = field.get("value");
    }
    if (!value.isText()) {
      throw field.invalid("must be " + expected + ", got " + field.kind());
    }
    if (value.node().textValue().isBlank()) {
      throw field.invalid("must not be blank");
    }
    return value.node().textValue();
  }

  static Optional<String> optional(JsonField field) {
    return isUnset(field) ? Optional.empty() : Optional.of(text(field));
  }
}
