package dev.wimigrate.events;

import static dev.wimigrate.events.Samples.CART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.cluster.RequestSnapshot;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.inventory.WorkloadObserved;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {
  final CloudEventHeaders headers =
      new CloudEventHeaders(
          "5b0e6f4e-2f57-4a8b-9a39-1f2f3e4d5c6b",
          WorkloadObserved.TYPE,
          EventSources.clusterAgent("prod-weu-01"),
          CART.key(),
          Samples.NOW);

  @Test
  void headersUseTheBinaryModeNames() {
    assertThat(text(headers.toMap()))
        .containsExactly(
            Map.entry("ce_specversion", "1.0"),
            Map.entry("ce_id", "5b0e6f4e-2f57-4a8b-9a39-1f2f3e4d5c6b"),
            Map.entry("ce_type", "dev.wimigrate.inventory.WorkloadObserved.v1"),
            Map.entry("ce_source", "/wimigrate/cluster-agent/prod-weu-01"),
            Map.entry("ce_subject", "prod-weu-01/shop/Deployment/cart"),
            Map.entry("ce_time", "2025-11-23T10:15:30.123Z"),
            Map.entry("content-type", "application/json"));
  }

  @Test
  void headersRoundTripThroughAHeaderMap() {
    assertThat(CloudEventHeaders.fromMap(headers.toMap())).isEqualTo(headers);
  }

  @Test
  void forEventTakesTheTypeFromTheRegistryAndTheSubjectFromTheEvent() {
    var rollout = new RolloutRestart(Samples.step("rollout"), CART, false);
    var built = CloudEventHeaders.forEvent(rollout, EventSources.INVENTORY_SERVICE);

    assertThat(built.type()).isEqualTo(RolloutRestart.TYPE);
    assertThat(built.subject()).isEqualTo(CART.key());
    assertThat(rollout.partitionKey()).isEqualTo(CART.clusterId());
    assertThat(built.id()).isNotBlank();
    assertThat(built.time()).isNotNull();
    assertThat(
            CloudEventHeaders.forEvent(
                    new RequestSnapshot(Samples.step("s"), "c1"), EventSources.INVENTORY_SERVICE)
                .subject())
        .isEqualTo("c1");
  }

  @Test
  void readingRejectsMissingOrUnsupportedHeaders() {
    var missingType = new HashMap<>(headers.toMap());
    missingType.remove(CloudEventHeaders.TYPE);
    assertThatThrownBy(() -> CloudEventHeaders.fromMap(missingType))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("missing CloudEvents header 'ce_type'");

    var oldSpec = new HashMap<>(headers.toMap());
    oldSpec.put(CloudEventHeaders.SPEC_VERSION, "0.3".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> CloudEventHeaders.fromMap(oldSpec))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("unsupported CloudEvents spec version '0.3'");

    var xml = new HashMap<>(headers.toMap());
    xml.put(CloudEventHeaders.CONTENT_TYPE, "application/xml".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> CloudEventHeaders.fromMap(xml))
        .isInstanceOf(MalformedEventException.class);

    var badTime = new HashMap<>(headers.toMap());
    badTime.put(CloudEventHeaders.TIME, "yesterday".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> CloudEventHeaders.fromMap(badTime))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("RFC 3339");
  }

  @Test
  void optionalHeadersMayBeAbsent() {
    var minimal = new HashMap<>(headers.toMap());
    minimal.remove(CloudEventHeaders.SUBJECT);
    minimal.remove(CloudEventHeaders.TIME);
    minimal.remove(CloudEventHeaders.CONTENT_TYPE);

    var read = CloudEventHeaders.fromMap(minimal);
    assertThat(read.subject()).isNull();
    assertThat(read.time()).isNull();
  }

  @Test
  void sourcesNameTheProducer() {
    assertThat(EventSources.clusterAgent("prod-weu-01"))
        .isEqualTo("/wimigrate/cluster-agent/prod-weu-01");
    assertThat(EventSources.INVENTORY_SERVICE).isEqualTo("/wimigrate/inventory-service");
    assertThat(EventSources.IDENTITY_SERVICE).isEqualTo("/wimigrate/identity-service");
    assertThat(EventSources.FEDERATION_SERVICE).isEqualTo("/wimigrate/federation-service");
    assertThatThrownBy(() -> EventSources.clusterAgent("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, String> text(Map<String, byte[]> map) {
    var out = new java.util.LinkedHashMap<String, String>();
    map.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    return out;
  }
}
