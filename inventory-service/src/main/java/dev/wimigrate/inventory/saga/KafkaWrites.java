package dev.wimigrate.inventory.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends records and returns only once the broker acknowledged every one of them. */
final class KafkaWrites {

  private KafkaWrites() {}

  /**
   * @throws IllegalStateException when a record was not acknowledged within a minute (the saga
   *     engine retries the whole decision)
   */
  static void sendAll(
      KafkaProducer<String, byte[]> producer,
      List<ProducerRecord<String, byte[]>> records,
      String what) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      sent.add(producer.send(record));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing " + what, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(what + " not written: " + e.getMessage(), e);
      }
    }
  }
}
