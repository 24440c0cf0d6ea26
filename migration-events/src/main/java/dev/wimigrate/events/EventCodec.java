package dev.wimigrate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * JSON encoding of events. Decoding tolerates unknown fields (newer producers may add optional
 * ones) and rejects everything else that is off (broken JSON, wrong types, missing required fields,
 * values the records refuse) with one {@link MalformedEventException} that names the type and the
 * field path. Thread-safe; create one and share it.
 */
public final class EventCodec {
  private static final Pattern GOT =
      Pattern.compile("(?:from|coerce) (String|Object|Array|Integer|Floating-point|Boolean) value");
  private static final Map<String, String> JSON_KINDS =
      Map.of(
          "String", "a string",
          "Object", "an object",
          "Array", "an array",
          "Integer", "an integer",
          "Floating-point", "a fractional number",
          "Boolean", "a boolean");

  private final ObjectMapper mapper = newMapper();

  public byte[] encode(Object event) {
    EventType.of(event); // only registered events go on a topic
    try {
      return mapper.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
    }
  }

  /** Decodes the body of a record whose {@code ce_type} header is {@code ceType}. */
  @SuppressWarnings("unchecked")
  public <T> T decode(String ceType, byte[] body) {
    EventType type =
        EventType.forType(ceType)
            .orElseThrow(
                () ->
                    new MalformedEventException(
                        ceType, null, "unknown CloudEvents type " + Checks.quote(ceType), null));
    return (T) read(type.type(), type.javaType(), body);
  }

  public <T> T decode(Class<T> javaType, byte[] body) {
    String label =
        EventType.forClass(javaType).map(EventType::type).orElse(javaType.getSimpleName());
    return read(label, javaType, body);
  }

  /** A copy of the configured mapper, e.g. for tooling that needs the same JSON shape. */
  public ObjectMapper objectMapper() {
    return mapper.copy();
  }

  private <T> T read(String label, Class<T> javaType, byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedEventException(label, null, label + ": empty body", null);
    }
    try {
      T value = mapper.readValue(body, javaType);
      if (value == null) {
        throw new MalformedEventException(
            label, null, label + ": body is null, expected an object", null);
      }
      return value;
    } catch (StreamReadException e) {
      throw malformedJson(label, e);
    } catch (DatabindException e) {
      // A syntax error inside a nested value arrives wrapped with the path.
      throw e.getCause() instanceof StreamReadException syntax
          ? malformedJson(label, syntax)
          : describe(label, (JsonMappingException) e);
    } catch (IOException e) {
      throw new MalformedEventException(label, null, label + ": " + e.getMessage(), e);
    }
  }

  private static MalformedEventException malformedJson(String label, StreamReadException e) {
    var at = e.getLocation();
    return new MalformedEventException(
        label,
        null,
        String.format(
            "%s: malformed JSON at line %d, column %d: %s",
            label, at.getLineNr(), at.getColumnNr(), firstLine(e.getOriginalMessage())),
        e);
  }

  private MalformedEventException describe(String label, JsonMappingException e) {
    String path = path(e.getPath());
    String original = firstLine(e.getOriginalMessage());
    if (e instanceof ValueInstantiationException
        && e.getCause() instanceof InvalidFieldException f) {
      return field(label, join(path, f.field()), f.problem(), e);
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      Throwable cause = e.getCause();
      return field(
          label, path, Objects.toString(cause.getMessage(), cause.getClass().getSimpleName()), e);
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      String got =
          f.getValue() instanceof String s ? Checks.quote(s) : String.valueOf(f.getValue());
      return field(label, path, "expected " + expected(target) + ", got " + got, e);
    }
    if (e instanceof MismatchedInputException m) {
      if (original.startsWith("Missing required creator property")) {
        return new MalformedEventException(
            label, path, label + ": missing required field '" + path + "'", e);
      }
      if (original.startsWith("No content to map")) {
        return field(label, path, "empty body", e);
      }
      if (original.startsWith("Trailing token")) {
        return field(label, path, "malformed JSON: data after the end of the object", e);
      }
      if (original.startsWith("Cannot map `null`")) {
        return field(label, path, "must not be null", e);
      }
      if (m.getTargetType() != null) {
        Matcher got = GOT.matcher(original);
        String expected = path.isEmpty() ? "a JSON object" : expected(m.getTargetType());
        return field(
            label,
            path,
            "expected " + expected + (got.find() ? ", got " + JSON_KINDS.get(got.group(1)) : ""),
            e);
      }
    }
    return field(label, path, original, e);
  }

  private static MalformedEventException field(
      String label, String path, String problem, Throwable cause) {
    String where = path.isEmpty() ? "" : "field '" + path + "': ";
    return new MalformedEventException(
        label, path.isEmpty() ? null : path, label + ": " + where + problem, cause);
  }

  private String expected(Class<?> type) {
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> mapper.convertValue(c, String.class))
              .collect(Collectors.joining(", ", "[", "]"));
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant such as 2025-01-31T12:00:00Z";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as PT30S";
    }
    if (type == URI.class) {
      return "a URI";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  private static String path(List<JsonMappingException.Reference> references) {
    var path = new StringBuilder();
    for (var ref : references) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + (field.startsWith("[") ? "" : ".") + field;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static ObjectMapper newMapper() {
    var strictTime = new SimpleModule("wimigrate-strict-time");
    strictTime.addDeserializer(Instant.class, new IsoDeserializer<>(Instant.class, Instant::parse));
    strictTime.addDeserializer(
        Duration.class, new IsoDeserializer<>(Duration.class, Duration::parse));
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(strictTime) // registered last, so it wins for deserialization
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        // Tolerance: producers may be newer than consumers.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // Strictness for everything else. FAIL_ON_MISSING_CREATOR_PROPERTIES is deliberately off:
        // it would make @Nullable components required too; RequiredUnlessOptional marks exactly
        // the others required, which gives the same "missing required field" failure.
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .withCoercionConfig(LogicalType.Textual, EventCodec::noScalarCoercion)
        .withCoercionConfig(LogicalType.Boolean, EventCodec::noScalarCoercion)
        .withCoercionConfig(LogicalType.Integer, EventCodec::noScalarCoercion)
        .withCoercionConfigDefaults(
            c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .annotationIntrospector(new RequiredUnlessOptional())
        .build();
  }

  private static void noScalarCoercion(com.fasterxml.jackson.databind.cfg.MutableCoercionConfig c) {
    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  /**
   * Record components are required unless marked {@link Nullable} or {@link Defaulted}. Reads the
   * record component itself (as the schema generator does), not Jackson's merged view, which would
   * also pick up annotations of interface methods the accessor implements.
   */
  private static final class RequiredUnlessOptional extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasRequiredMarker(AnnotatedMember member) {
      RecordComponent component = component(member);
      if (component == null) {
        return super.hasRequiredMarker(member);
      }
      return !(component.isAnnotationPresent(Nullable.class)
          || component.isAnnotationPresent(Defaulted.class));
    }

    private static RecordComponent component(AnnotatedMember member) {
      RecordComponent[] components = member.getDeclaringClass().getRecordComponents();
      if (components == null) {
        return null;
      }
      if (member instanceof AnnotatedParameter p) {
        return p.getOwner().getParameterCount() == components.length
            ? components[p.getIndex()]
            : null;
      }
      return Arrays.stream(components)
          .filter(c -> c.getName().equals(member.getName()))
          .findFirst()
          .orElse(null);
    }
  }

  /** Times only as ISO-8601 strings: epoch numbers are ambiguous (seconds? millis?). */
  private static final class IsoDeserializer<T> extends StdScalarDeserializer<T> {
    private final transient Function<String, T> parse;

    IsoDeserializer(Class<T> type, Function<String, T> parse) {
      super(type);
      this.parse = parse;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (T) ctxt.handleUnexpectedToken(handledType(), p);
      }
      String text = p.getText();
      try {
        return parse.apply(text);
      } catch (DateTimeParseException e) {
        return (T) ctxt.handleWeirdStringValue(handledType(), text, "not ISO-8601");
      }
    }
  }
}
