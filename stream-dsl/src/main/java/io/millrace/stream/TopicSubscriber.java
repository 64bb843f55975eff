package io.millrace.stream;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.apache.pekko.Done;

/**
 * A {@link Flow.Subscriber} that writes every record it is given to a topic, requesting more as
 * sends are acknowledged (at most {@link ProducerSettings#parallelism()} in flight). {@link
 * #done()} tells when the publisher has completed and every record was acknowledged, or why
 * writing failed (the subscription is then cancelled).
 */
public interface TopicSubscriber<K, V> extends Flow.Subscriber<Outgoing<K, V>> {

  /** Completes once the publisher completed and every record was acknowledged; fails on the first error. */
  CompletionStage<Done> done();
}
