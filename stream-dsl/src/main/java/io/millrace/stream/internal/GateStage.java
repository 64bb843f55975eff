package io.millrace.stream.internal;

import io.millrace.stream.DeserializationErrorPolicy;
import java.util.function.Function;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of every source: emits a decoded record only if its partition is still assigned
 * in the epoch it was fetched in ({@link SubscriptionState#admit}), drops it otherwise; applies the
 * deserialization-error policy to records that failed to decode (fails the stage for {@link
 * DeserializationErrorPolicy.Fail}, logs and drops for the others, which were dead-lettered
 * upstream already).
 */
final class GateStage<K, V, T> extends GraphStage<FlowShape<Decoded<K, V>, T>> {

  private static final Logger LOG = LoggerFactory.getLogger(GateStage.class);

  private final Inlet<Decoded<K, V>> in = Inlet.create("Gate.in");
  private final Outlet<T> out = Outlet.create("Gate.out");
  private final FlowShape<Decoded<K, V>, T> shape = FlowShape.of(in, out);
  private final SubscriptionState state;
  private final DeserializationErrorPolicy policy;
  private final Function<Decoded<K, V>, T> emit;

  GateStage(SubscriptionState state, DeserializationErrorPolicy policy, Function<Decoded<K, V>, T> emit) {
    this.state = state;
    this.policy = policy;
    this.emit = emit;
  }

  @Override
  public FlowShape<Decoded<K, V>, T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                Decoded<K, V> d = grab(in);
                TaggedRecord raw = d.raw();
                if (d.error() == null) {
                  if (state.admit(raw.topicPartition, raw.epoch, true)) {
                    push(out, emit.apply(d));
                  } else {
                    pull(in);
                  }
                  return;
                }
                if (!state.admit(raw.topicPartition, raw.epoch, false)) {
                  pull(in);
                } else if (policy instanceof DeserializationErrorPolicy.Fail) {
                  failStage(d.error());
                } else {
                  if (policy instanceof DeserializationErrorPolicy.Skip) {
                    LOG.warn("{}: skipped a record: {}", state.name(), d.error().getMessage());
                  }
                  pull(in);
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }
            });
      }
    };
  }
}
