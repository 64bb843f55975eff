package io.millrace.stream.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.millrace.stream.DeserializationErrorPolicy;
import io.millrace.stream.InvalidSettingException;
import io.millrace.stream.MillraceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsAndSettingsTest {

  @Test
  void shouldValidateWindowShapesWithMessagesNamingTheValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Windows.hopping(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("PT10S") && e.getMessage().contains("PT5S"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Windows.tumbling(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Windows.session(Duration.ofSeconds(1)).withGrace(Duration.ofSeconds(-1)));
  }

  @Test
  void shouldKeepWindowsADayUnlessToldAndNeverLessThanSizePlusGrace() {
    assertEquals(Duration.ofDays(1), Windows.tumbling(Duration.ofMinutes(1)).retention());
    Windows w = Windows.hopping(Duration.ofHours(20), Duration.ofHours(1)).withGrace(Duration.ofHours(10)).withRetention(Duration.ofMinutes(1));
    assertEquals(Duration.ofHours(30), w.retention());
  }

  @Test
  void shouldReadProcessingSettingsFromHocon() {
    ProcessingSettings d = ProcessingSettings.defaults();
    assertEquals(Path.of("millrace-state"), d.stateDir());
    assertEquals(Duration.ofSeconds(1), d.commitInterval());
    assertEquals(Optional.empty(), d.deserializationErrors());
    ProcessingSettings s = ProcessingSettings.fromConfig(ConfigFactory.parseString(
        "millrace.stream.processing { state-dir = apps-state, commit-interval = 250ms, deserialization-errors = \"dead-letter:bad\" }"));
    assertEquals(Path.of("apps-state"), s.stateDir());
    assertEquals(Duration.ofMillis(250), s.commitInterval());
    assertEquals(Optional.of(DeserializationErrorPolicy.deadLetter("bad")), s.deserializationErrors());
    // The connection's settings accept the processing block next to theirs.
    MillraceSettings.fromConfig(ConfigFactory.parseString("millrace.stream.processing.commit-interval = 2s"));
  }

  @Test
  void shouldRefuseUnknownOrBadProcessingSettings() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> ProcessingSettings.fromConfig(ConfigFactory.parseString("millrace.stream.processing.comit-interval = 1s")));
    assertTrue(e.getMessage().contains("millrace.stream.processing.comit-interval"), e.getMessage());
    e = assertThrows(InvalidSettingException.class,
        () -> ProcessingSettings.fromConfig(ConfigFactory.parseString("millrace.stream.processing.deserialization-errors = retry")));
    assertTrue(e.getMessage().contains("retry"), e.getMessage());
    assertThrows(InvalidSettingException.class, () -> ProcessingSettings.defaults().withCommitInterval(Duration.ZERO));
  }
}
