package dev.wimigrate.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The real IMDS token answer's shape, which old SDKs parse field by field. */
public final class ImdsShape {

  private ImdsShape() {}

  /** Exactly IMDS's fields, in IMDS's order, every value a JSON string (as IMDS sends them). */
  public static void assertImdsTokenShape(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "access_token",
            "client_id",
            "expires_in",
            "expires_on",
            "ext_expires_in",
            "not_before",
            "resource",
            "token_type");
    body.forEach(value -> assertThat(value.isTextual()).as(value.toString()).isTrue());
  }
}
