package io.millrace.log.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the file channels of segments and indexes, and reads through them.
 *
 * <p>A JDK {@link FileChannel} is closed for every user when a thread blocked in one of its calls is
 * interrupted. A log channel is shared by the writer, the flusher and any number of readers, so
 * one interrupted reader would break the log. Channels opened here are therefore made
 * uninterruptible with the JDK's own {@code FileChannelImpl.setUninterruptible()} (what the JDK does
 * for its internal file channels), reached through {@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED}, which Millrace's launcher, tests and benchmarks pass for
 * Agrona anyway. Without that flag the channels stay interruptible and this is logged once.
 */
final class SegmentChannels {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentChannels.class);
  private static final MethodHandle SET_UNINTERRUPTIBLE = findSetUninterruptible();

  private SegmentChannels() {}

  private static MethodHandle findSetUninterruptible() {
    try {
      Class<?> impl = Class.forName("sun.nio.ch.FileChannelImpl");
      Method m = impl.getMethod("setUninterruptible");
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info(
          "segment file channels stay interruptible (an interrupted reader closes them): {};"
              + " run with --add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          e.toString());
      return null;
    }
  }

  /** Opens {@code file} with {@code options}; the channel ignores interrupts where possible. */
  static FileChannel open(Path file, OpenOption... options) throws IOException {
    FileChannel ch = FileChannel.open(file, options);
    if (SET_UNINTERRUPTIBLE != null) {
      try {
        SET_UNINTERRUPTIBLE.invoke(ch);
      } catch (Throwable t) {
        // Not a FileChannelImpl (another file system provider): it keeps the JDK's behaviour.
        LOG.debug("cannot make the channel of {} uninterruptible", file, t);
      }
    }
    return ch;
  }

  /**
   * Reads from {@code position} until {@code dst} is full or the file ends.
   *
   * @return the bytes read
   */
  static int readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    while (dst.hasRemaining()) {
      int n = ch.read(dst, position + dst.position() - start);
      if (n < 0) {
        break;
      }
    }
    return dst.position() - start;
  }
}
