package dev.wimigrate.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/events.md is the catalogue people read; it must list everything the registry has. */
class EventsDocTest {
  static final Path DOC = Path.of("../docs/events.md");

  @Test
  void catalogueHasARowForEveryRegisteredType() throws Exception {
    List<String> rows =
        Files.readAllLines(DOC).stream().filter(l -> l.startsWith("| `wimigrate.")).toList();

    for (EventType type : EventType.all()) {
      assertThat(rows)
          .as("row of %s in %s", type.type(), DOC)
          .anySatisfy(
              row ->
                  assertThat(row)
                      .startsWith("| `" + type.topic() + "` |")
                      .contains("`" + type.type() + "`")
                      .contains("`" + type.name() + ".schema.json`"));
    }
  }

  @Test
  void catalogueNamesTopicsAndDeadLetterHeaders() throws Exception {
    String doc = Files.readString(DOC);

    assertThat(doc).contains(Topics.ALL.stream().map(t -> "`" + t + "`").toList());
    assertThat(doc)
        .contains(
            Topics.DLQ_REASON,
            Topics.DLQ_ORIGINAL_TOPIC,
            Topics.DLQ_ORIGINAL_PARTITION,
            Topics.DLQ_ORIGINAL_OFFSET,
            Topics.DLQ_EXCEPTION,
            CloudEventHeaders.ID,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.SUBJECT,
            CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.TIME);
  }
}
