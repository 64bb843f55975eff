package io.millrace.stream.processing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.stream.processing.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMathTest {

  @Test
  void shouldPutATimestampInExactlyOneTumblingWindow() {
    assertEquals(List.of(new Window(0, 10)), WindowMath.timeWindowsFor(0, 10, 10));
    assertEquals(List.of(new Window(0, 10)), WindowMath.timeWindowsFor(9, 10, 10));
    assertEquals(List.of(new Window(10, 20)), WindowMath.timeWindowsFor(10, 10, 10));
  }

  @Test
  void shouldPutATimestampInSizeOverAdvanceHoppingWindows() {
    assertEquals(List.of(new Window(0, 10), new Window(5, 15)), WindowMath.timeWindowsFor(7, 10, 5));
    assertEquals(List.of(new Window(10, 20), new Window(15, 25)), WindowMath.timeWindowsFor(15, 10, 5));
    assertEquals(List.of(new Window(4, 10), new Window(6, 12), new Window(8, 14)), WindowMath.timeWindowsFor(9, 6, 2));
    // No window starts before the epoch.
    assertEquals(List.of(new Window(0, 10)), WindowMath.timeWindowsFor(2, 10, 5));
  }

  @Test
  void shouldRefuseBadWindowShapes() {
    assertThrows(IllegalArgumentException.class, () -> WindowMath.timeWindowsFor(1, 5, 10));
    assertThrows(IllegalArgumentException.class, () -> WindowMath.timeWindowsFor(-1, 10, 10));
  }

  @Test
  void shouldCloseAWindowOnceStreamTimePassesItsEndPlusGrace() {
    // [0,10) with grace 5: last included 9, open while stream time <= 14.
    assertFalse(WindowMath.isClosed(9, 5, 14));
    assertTrue(WindowMath.isClosed(9, 5, 15));
    assertFalse(WindowMath.isClosed(9, 0, 9));
    assertTrue(WindowMath.isClosed(9, 0, 10));
    assertFalse(WindowMath.isClosed(9, 0, -1));
  }

  @Test
  void shouldExpireAfterRetention() {
    assertFalse(WindowMath.isExpired(9, 100, 109));
    assertTrue(WindowMath.isExpired(9, 100, 110));
  }

  @Test
  void shouldStartANewSessionAwayFromOthers() {
    WindowMath.SessionMerge m = WindowMath.mergeSession(100, 10, List.of(new Window(50, 60), new Window(200, 210)));
    assertEquals(new Window(100, 100), m.merged());
    assertEquals(List.of(), m.absorbed());
  }

  @Test
  void shouldExtendASessionWithinTheGap() {
    WindowMath.SessionMerge m = WindowMath.mergeSession(70, 10, List.of(new Window(50, 60)));
    assertEquals(new Window(50, 70), m.merged());
    assertEquals(List.of(new Window(50, 60)), m.absorbed());
    // An out-of-order record inside a session leaves its bounds.
    assertEquals(new Window(50, 60), WindowMath.mergeSession(55, 10, List.of(new Window(50, 60))).merged());
  }

  @Test
  void shouldMergeTwoSessionsARecordBridges() {
    WindowMath.SessionMerge m = WindowMath.mergeSession(80, 10, List.of(new Window(50, 70), new Window(90, 95), new Window(200, 200)));
    assertEquals(new Window(50, 95), m.merged());
    assertEquals(List.of(new Window(50, 70), new Window(90, 95)), m.absorbed());
  }

  @Test
  void shouldHoldRecordsOfTheLastDifferenceInASlidingWindow() {
    assertEquals(new Window(90, 100), WindowMath.slidingWindowOf(100, 10));
    assertEquals(new Window(0, 3), WindowMath.slidingWindowOf(3, 10));
    assertTrue(WindowMath.slidingHolds(100, 10, 90));
    assertTrue(WindowMath.slidingHolds(100, 10, 100));
    assertFalse(WindowMath.slidingHolds(100, 10, 89));
    assertFalse(WindowMath.slidingHolds(100, 10, 101));
  }
}
