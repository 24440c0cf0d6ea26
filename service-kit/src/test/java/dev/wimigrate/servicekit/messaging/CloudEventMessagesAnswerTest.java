package dev.wimigrate.servicekit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class CloudEventMessagesAnswerTest {

  static final StepFailed RESULT =
      new StepFailed(
          new StepRef("mig-1", "step-1", 1),
          "federation-service",
          "CreateFederatedCredential",
          null,
          "FederatedCredentialLimitReached",
          "identity is full",
          false,
          Instant.parse("2026-12-01T10:00:00Z"));

  /** An emitter that keeps what it was given, so the test decides when the broker "has" it. */
  static final class HoldingEmitter implements Emitter<byte[]> {
    final List<Message<? extends byte[]>> sent = new ArrayList<>();

    @Override
    public CompletionStage<Void> send(byte[] payload) {
      sent.add(Message.of(payload));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public <M extends Message<? extends byte[]>> void send(M message) {
      sent.add(message);
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean hasRequests() {
      return true;
    }
  }

  final AtomicReference<String> commandOutcome = new AtomicReference<>("pending");
  final Message<byte[]> command =
      Message.of(new byte[0])
          .withAck(
              () -> {
                commandOutcome.set("acked");
                return CompletableFuture.completedFuture(null);
              })
          .withNack(
              failure -> {
                commandOutcome.set("nacked: " + failure.getMessage());
                return CompletableFuture.completedFuture(null);
              });

  @Test
  void theCommandIsAcknowledgedOnlyOnceTheResultIsOnTheBroker() {
    HoldingEmitter emitter = new HoldingEmitter();

    CompletionStage<Void> done = CloudEventMessages.answer(command, emitter, RESULT, "/test");

    assertThat(emitter.sent).hasSize(1);
    assertThat(commandOutcome).hasValue("pending");
    emitter.sent.get(0).ack();
    assertThat(done.toCompletableFuture()).isCompleted();
    assertThat(commandOutcome).hasValue("acked");
  }

  @Test
  void aResultTheBrokerRefusedNacksTheCommandSoItIsNotLost() {
    HoldingEmitter emitter = new HoldingEmitter();

    CloudEventMessages.answer(command, emitter, RESULT, "/test");
    emitter.sent.get(0).nack(new IllegalStateException("broker down"));

    assertThat(commandOutcome).hasValue("nacked: broker down");
  }

  @Test
  void theResultCarriesTheEventAndItsCloudEventsHeaders() {
    HoldingEmitter emitter = new HoldingEmitter();

    CloudEventMessages.answer(command, emitter, RESULT, "/test");

    assertThat(new String(emitter.sent.get(0).getPayload()))
        .contains("FederatedCredentialLimitReached");
    assertThat(emitter.sent.get(0).getMetadata()).isNotEmpty();
  }
}
