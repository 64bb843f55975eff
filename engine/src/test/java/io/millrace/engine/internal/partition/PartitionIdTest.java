package io.millrace.engine.internal.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.millrace.log.journal.JournalStorage;
import org.junit.jupiter.api.Test;

class PartitionIdTest {
  @Test
  void shouldNameTheLogAfterThePersistenceIdEveryTime() {
    PartitionId p = new PartitionId("orders-eu", 3);
    assertEquals("orders-eu-3.abc", p.persistenceId("abc"));
    for (int i = 0; i < 3; i++) {
      assertEquals(JournalStorage.logName("orders-eu-3.abc"), p.logName("abc"));
    }
    // a topic deleted and created again has a new id, hence another log
    assertNotEquals(p.logName("abc"), p.logName("abd"));
    assertNotEquals(p.logName("abc"), new PartitionId("orders-eu", 4).logName("abc"));
  }

  @Test
  void shouldParseEntityIdsWithDashesInTheTopic() {
    assertEquals(new PartitionId("a-b-c", 12), PartitionId.parse("a-b-c-12"));
    assertThrows(IllegalArgumentException.class, () -> PartitionId.parse("nodash"));
    assertThrows(IllegalArgumentException.class, () -> PartitionId.parse("t-"));
  }
}
