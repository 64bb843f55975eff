package io.millrace.tools.internal.consume;

import io.millrace.tools.internal.cli.ClientOptions;
import io.millrace.tools.internal.cli.KafkaErrors;
import io.millrace.tools.internal.cli.Streams;
import io.millrace.tools.internal.cli.ToolException;
import io.millrace.tools.internal.cli.ToolRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the assigned partitions and prints a line per record. The consumer is assigned partitions
 * by hand (no group membership, no rebalancing); with {@code --group} it reads and finally commits
 * that group's offsets, else it commits nothing. Ctrl-C (SIGINT/SIGTERM) ends the run like a
 * timeout: a shutdown hook wakes the consumer and waits until the summary is printed.
 *
 * <p>Runs on the tool's main thread; only {@link #stop} is called from the shutdown hook.
 */
final class ConsumeTool {

  private static final Map<String, Object> DEFAULTS =
      Map.of(
          ConsumerConfig.CLIENT_ID_CONFIG, "millrace-consume",
          ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

  private static final long MAX_POLL_MS = 500;

  private final ConsumeOptions options;
  private final Consumer<byte[], byte[]> consumer;
  private final PrintStream out;
  private final PrintStream err;
  private final String bootstrap;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopping;
  private long printed; // main thread only

  private ConsumeTool(ConsumeOptions options, Consumer<byte[], byte[]> consumer, Streams io) {
    this.options = options;
    this.consumer = consumer;
    this.out = io.out();
    this.err = io.err();
    this.bootstrap = options.client().bootstrapServers();
  }

  static int run(ConsumeOptions o, Streams io) {
    Map<String, Object> forced = new HashMap<>();
    forced.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    forced.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    forced.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    forced.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    o.group().ifPresent(g -> forced.put(ConsumerConfig.GROUP_ID_CONFIG, g));
    ClientOptions client = o.client();
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(client.clientProperties(DEFAULTS, forced));
    ConsumeTool tool = new ConsumeTool(o, consumer, io);
    Thread hook = new Thread(tool::stop, "millrace-consume-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return tool.consume();
    } finally {
      consumer.close(Duration.ofSeconds(5));
      tool.done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running and waits for done.
      }
    }
  }

  /** Called by the shutdown hook: ends the loop and waits until the summary is out. */
  private void stop() {
    stopping = true;
    consumer.wakeup();
    try {
      done.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int consume() {
    List<TopicPartition> partitions;
    try {
      partitions = partitions();
      consumer.assign(partitions);
      seek(partitions);
    } catch (WakeupException e) {
      err.println("consumed 0 records");
      return ToolRunner.OK;
    } catch (KafkaException e) {
      throw new ToolException(
          "cannot start reading topic '"
              + options.topic()
              + "': "
              + KafkaErrors.describe(e, bootstrap),
          e);
    }
    Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
    int code = ToolRunner.OK;
    try {
      poll(next);
    } catch (WakeupException e) {
      // Stopped by a signal: report what was printed.
    } catch (KafkaException e) {
      out.flush();
      err.println("millrace consume: " + KafkaErrors.describe(e, bootstrap));
      code = ToolRunner.FAILED;
    }
    out.flush();
    err.println("consumed " + printed + " records");
    if (options.group().isPresent() && !next.isEmpty()) {
      try {
        consumer.commitSync(next);
      } catch (KafkaException e) {
        throw new ToolException(
            "cannot commit the offsets of group '"
                + options.group().get()
                + "': "
                + KafkaErrors.describe(e, bootstrap),
            e);
      }
    }
    return code;
  }

  /** The partitions to read: every partition of the topic, or the one asked for. */
  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(options.topic());
    if (infos == null || infos.isEmpty()) {
      throw new ToolException("unknown topic '" + options.topic() + "'");
    }
    List<TopicPartition> all = new ArrayList<>();
    for (PartitionInfo p : infos) {
      all.add(new TopicPartition(p.topic(), p.partition()));
    }
    all.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    if (options.partition().isEmpty()) {
      return all;
    }
    TopicPartition wanted = new TopicPartition(options.topic(), options.partition().getAsInt());
    if (!all.contains(wanted)) {
      throw new ToolException(
          "topic '"
              + options.topic()
              + "' has no partition "
              + wanted.partition()
              + " (it has "
              + all.size()
              + (all.size() == 1 ? " partition)" : " partitions)"));
    }
    return List.of(wanted);
  }

  /** Seeks every partition to where reading starts, and resolves the positions now. */
  private void seek(List<TopicPartition> partitions) {
    StartPosition start = options.start().orElse(null);
    if (start == null && options.group().isPresent()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        if (c == null) {
          consumer.seekToEnd(List.of(tp));
        } else {
          consumer.seek(tp, c);
        }
      }
    } else if (start == null) {
      consumer.seekToEnd(partitions);
    } else if (start instanceof StartPosition.Beginning) {
      consumer.seekToBeginning(partitions);
    } else if (start instanceof StartPosition.AtOffset at) {
      seekToOffset(partitions, at.offset());
    } else if (start instanceof StartPosition.AtTimestamp at) {
      Map<TopicPartition, Long> query = new HashMap<>();
      for (TopicPartition tp : partitions) {
        query.put(tp, at.epochMillis());
      }
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp ot = found.get(tp);
        if (ot == null) {
          consumer.seekToEnd(List.of(tp));
        } else {
          consumer.seek(tp, ot.offset());
        }
      }
    }
    for (TopicPartition tp : partitions) {
      consumer.position(tp);
    }
  }

  private void seekToOffset(List<TopicPartition> partitions, long offset) {
    Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      long lo = first.getOrDefault(tp, 0L);
      long hi = end.getOrDefault(tp, 0L);
      long target = Math.max(lo, Math.min(hi, offset));
      if (offset < lo) {
        err.println(
            "millrace consume: partition "
                + tp.partition()
                + ": offset "
                + offset
                + " is before the log start "
                + lo
                + "; starting there");
      } else if (offset > hi) {
        err.println(
            "millrace consume: partition "
                + tp.partition()
                + ": offset "
                + offset
                + " is after the log end "
                + hi
                + "; starting there");
      }
      consumer.seek(tp, target);
    }
  }

  /** Prints records until a limit is reached, counting them in {@link #printed}. */
  private void poll(Map<TopicPartition, OffsetAndMetadata> next) {
    long max = options.maxMessages().orElse(Long.MAX_VALUE);
    long lastRecord = System.nanoTime();
    while (!stopping && printed < max) {
      long waitMs = MAX_POLL_MS;
      if (options.timeoutMs().isPresent()) {
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRecord);
        long remaining = options.timeoutMs().getAsLong() - idleMs;
        if (remaining <= 0) {
          return;
        }
        waitMs = Math.min(remaining, MAX_POLL_MS);
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(waitMs));
      if (records.isEmpty()) {
        continue;
      }
      lastRecord = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        out.println(options.format().format(r));
        printed++;
        next.put(
            new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        if (printed >= max) {
          break;
        }
      }
      out.flush();
      if (out.checkError()) {
        return; // standard output was closed, e.g. by 'head'
      }
    }
  }
}
