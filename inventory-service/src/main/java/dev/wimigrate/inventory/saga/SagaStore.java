package dev.wimigrate.inventory.saga;

import java.util.List;

/** Where the orchestrator's state survives restarts. */
public interface SagaStore {

  /** Every entry, newest value per key. */
  List<SagaEntry> loadAll();

  /** Returns once every entry is durably stored. */
  void save(List<SagaEntry> entries);
}
