package dev.wimigrate.inventory.ticketing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/** Every line logged under a category (all levels, debug included) while open. */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  LogCapture(String category) {
    this.logger = Logger.getLogger(category);
    this.previous = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext
            ? ext.getFormattedMessage()
            : formatter.formatMessage(record);
    Throwable thrown = record.getThrown();
    lines.add(message + (thrown == null ? "" : " " + thrown));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
