package dev.wimigrate.inventory.saga;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON of the persisted saga entries. The state topic is the orchestrator's own, so this is not a
 * CloudEvents contract; a {@code format} header versions it (see docs/saga.md).
 */
public final class SagaEntryCodec {

  public static final String FORMAT = "wimigrate-saga-v1";

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  public byte[] encode(SagaEntry entry) {
    try {
      return mapper.writeValueAsBytes(entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write saga entry " + entry.entryKey(), e);
    }
  }

  public SagaEntry decode(byte[] json) {
    try {
      return mapper.readValue(json, SagaEntry.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read saga entry: " + e.getMessage(), e);
    }
  }
}
