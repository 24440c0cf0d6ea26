package dev.wimigrate.events.migration;

import static dev.wimigrate.events.Samples.CART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationSelectorTest {
  @Test
  void anEmptySelectorMatchesEveryWorkload() {
    var all = new MigrationSelector(null, null, null, null);

    assertThat(all.workloadNames()).isEmpty();
    assertThat(all.labels()).isEmpty();
    assertThat(all.matches(CART, Map.of())).isTrue();
  }

  @Test
  void everyGivenCriterionMustHold() {
    var selector =
        new MigrationSelector(
            "prod-weu-01", "shop", List.of("cart", "orders"), Map.of("team", "checkout"));

    assertThat(selector.matches(CART, Map.of("team", "checkout", "app", "cart"))).isTrue();
    assertThat(selector.matches(CART, Map.of("team", "payments"))).isFalse();
    assertThat(new MigrationSelector("other", null, null, null).matches(CART, Map.of())).isFalse();
    assertThat(new MigrationSelector(null, "web", null, null).matches(CART, Map.of())).isFalse();
    assertThat(new MigrationSelector(null, null, List.of("orders"), null).matches(CART, Map.of()))
        .isFalse();
  }

  @Test
  void ticketCallbacksMustBeHttpUrls() {
    assertThat(new TicketRef("jira", "OPS-1", null).callbackUrl()).isNull();
    assertThatThrownBy(() -> new TicketRef("jira", "OPS-1", URI.create("file:///etc/passwd")))
        .hasMessage("callbackUrl must be an absolute http(s) URL, got \"file:///etc/passwd\"");
  }
}
