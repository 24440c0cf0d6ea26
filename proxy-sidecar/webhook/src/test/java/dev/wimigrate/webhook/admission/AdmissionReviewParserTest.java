package dev.wimigrate.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdmissionReviewParserTest {

  static AdmissionRequest parse(String json) throws MalformedReviewException {
    return AdmissionReviewParser.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheFieldsTheWebhookUses() throws Exception {
    AdmissionRequest request =
        parse(
            "{'apiVersion':'admission.k8s.io/v1','kind':'AdmissionReview','request':{'uid':'u-1',"
                + "'kind':{'kind':'Pod'},'operation':'CREATE','namespace':'ns','dryRun':true,"
                + "'object':{'metadata':{}},'somethingNew':{'x':1}}}");

    assertThat(request.uid()).isEqualTo("u-1");
    assertThat(request.kind()).isEqualTo("Pod");
    assertThat(request.operation()).isEqualTo("CREATE");
    assertThat(request.namespace()).isEqualTo("ns");
    assertThat(request.dryRun()).isTrue();
    assertThat(request.object().has("metadata")).isTrue();
  }

  @Test
  void nestingBeyondTheLimitIsMalformedNotAStackOverflow() {
    String deep = "{'a':".repeat(5000) + "1" + "}".repeat(5000);
    assertThat(catchThrowable(() -> parse(deep)))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void numericUidIsMalformed() {
    assertThat(
            catchThrowable(
                () ->
                    parse(
                        "{'apiVersion':'admission.k8s.io/v1','kind':'AdmissionReview','request':{'uid':7}}")))
        .hasMessage("request.uid is missing or not a string");
  }
}
