package dev.wimigrate.events;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents attributes of one Kafka record in binary content mode: {@code ce_*} headers, the
 * JSON event as the record value. Works on a plain header map so this module needs no Kafka client.
 */
public record CloudEventHeaders(
    String id, String type, String source, @Nullable String subject, @Nullable Instant time) {

  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String SUBJECT = "ce_subject";
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String TIME = "ce_time";
  public static final String CONTENT_TYPE = "content-type";

  public static final String SPEC_VERSION_1_0 = "1.0";
  public static final String APPLICATION_JSON = "application/json";

  public CloudEventHeaders {
    Checks.notBlank("id", id);
    Checks.notBlank("type", type);
    Checks.notBlank("source", source);
  }

  /** Headers for a new event: random id, now, subject from the event, type from the registry. */
  public static CloudEventHeaders forEvent(Event event, String source) {
    return new CloudEventHeaders(
        UUID.randomUUID().toString(),
        EventType.of(event).type(),
        source,
        event.ceSubject(),
        Instant.now());
  }

  /** The headers to put on the Kafka record (UTF-8 values). */
  public Map<String, byte[]> toMap() {
    var headers = new LinkedHashMap<String, byte[]>();
    headers.put(SPEC_VERSION, utf8(SPEC_VERSION_1_0));
    headers.put(ID, utf8(id));
    headers.put(TYPE, utf8(type));
    headers.put(SOURCE, utf8(source));
    if (subject != null) {
      headers.put(SUBJECT, utf8(subject));
    }
    if (time != null) {
      headers.put(TIME, utf8(time.toString()));
    }
    headers.put(CONTENT_TYPE, utf8(APPLICATION_JSON));
    return headers;
  }

  /**
   * Reads the attributes of a received record.
   *
   * @throws MalformedEventException if a required header is missing, the spec version is not 1.0,
   *     the content type is not JSON or the time is not RFC 3339
   */
  public static CloudEventHeaders fromMap(Map<String, byte[]> headers) {
    String specVersion = header(headers, SPEC_VERSION);
    if (!SPEC_VERSION_1_0.equals(specVersion)) {
      throw malformed(
          SPEC_VERSION,
          specVersion == null
              ? "missing CloudEvents header '" + SPEC_VERSION + "'"
              : "unsupported CloudEvents spec version '" + specVersion + "', expected 1.0");
    }
    String contentType = header(headers, CONTENT_TYPE);
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(APPLICATION_JSON)) {
      throw malformed(
          CONTENT_TYPE, "content type '" + contentType + "' is not " + APPLICATION_JSON);
    }
    String time = header(headers, TIME);
    try {
      return new CloudEventHeaders(
          required(headers, ID),
          required(headers, TYPE),
          required(headers, SOURCE),
          header(headers, SUBJECT),
          time == null ? null : Instant.parse(time));
    } catch (DateTimeParseException e) {
      throw new MalformedEventException(
          null, TIME, "header '" + TIME + "' is not an RFC 3339 time: '" + time + "'", e);
    }
  }

  private static String required(Map<String, byte[]> headers, String name) {
    String value = header(headers, name);
    if (value == null || value.isBlank()) {
      throw malformed(name, "missing CloudEvents header '" + name + "'");
    }
    return value;
  }

  private static MalformedEventException malformed(String header, String message) {
    return new MalformedEventException(null, header, message, null);
  }

  private static String header(Map<String, byte[]> headers, String name) {
    byte[] value = headers.get(name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
