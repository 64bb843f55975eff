package io.millrace.stream.processing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.stream.Serdes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyPlanTest {

  private static final ProcessorFactory PASS = (ctx, out) -> out;

  @Test
  void shouldCutAtRepartitionTopicsAndGiveThemTheWritersPartitionCount() {
    TopologyBuilder b = new TopologyBuilder("app");
    Node src = b.addSource(List.of("in"), Serdes.string(), Serdes.string(), false);
    Node rekey = b.addProcessor("selectKey", PASS, src);
    Node sink = b.addProcessor("repartition", PASS, rekey);
    String topic = b.repartitionTopic("by-word", sink);
    Node back = b.addSource(List.of(topic), Serdes.string(), Serdes.string(), true);
    Node agg = b.addProcessor("aggregate", PASS, back);
    b.addStore(new StoreDef("counts", StoreDef.Kind.KEY_VALUE, Serdes.string(), Serdes.longs()), agg);

    TopologyPlan plan = TopologyPlan.plan(b, Map.of("in", 4)::get);
    assertEquals("app-by-word-repartition", topic);
    assertEquals(Map.of(topic, 4), plan.repartitionTopics());
    assertEquals(2, plan.subTopologies().size());
    assertEquals(List.of("in"), plan.subTopologies().get(0).topics());
    assertEquals(Set.of(), plan.subTopologies().get(0).stores());
    assertEquals(List.of(topic), plan.subTopologies().get(1).topics());
    assertEquals(Set.of("counts"), plan.subTopologies().get(1).stores());
    assertEquals(4, plan.subTopologies().get(1).partitions());
  }

  @Test
  void shouldPutAStreamAndTheTableItJoinsInOneSubTopology() {
    TopologyBuilder b = new TopologyBuilder("app");
    Node tableSrc = b.addSource(List.of("customers"), Serdes.string(), Serdes.string(), false);
    Node table = b.addProcessor("table", PASS, tableSrc);
    b.addStore(new StoreDef("customers", StoreDef.Kind.KEY_VALUE, Serdes.string(), Serdes.string()), table);
    Node stream = b.addSource(List.of("orders"), Serdes.string(), Serdes.string(), false);
    Node join = b.addProcessor("join", PASS, stream);
    b.useStore("customers", join);

    TopologyPlan plan = TopologyPlan.plan(b, Map.of("customers", 3, "orders", 3)::get);
    assertEquals(1, plan.subTopologies().size());
    assertEquals(Set.of("customers", "orders"), Set.copyOf(plan.subTopologies().get(0).topics()));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologyPlan.plan(b, Map.of("customers", 3, "orders", 2)::get));
    assertTrue(e.getMessage().contains("customers=3") && e.getMessage().contains("orders=2"), e.getMessage());
  }

  @Test
  void shouldRefuseATopicReadTwiceAndAStoreNamedTwice() {
    TopologyBuilder b = new TopologyBuilder("app");
    b.addSource(List.of("in"), Serdes.string(), Serdes.string(), false);
    b.addSource(List.of("in"), Serdes.string(), Serdes.string(), false);
    assertThrows(IllegalStateException.class, () -> TopologyPlan.plan(b, t -> 1));

    Node n = b.addProcessor("x", PASS);
    b.addStore(new StoreDef("s", StoreDef.Kind.KEY_VALUE, Serdes.string(), Serdes.string()), n);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.addStore(new StoreDef("s", StoreDef.Kind.KEY_VALUE, Serdes.string(), Serdes.string()), n));
    assertTrue(e.getMessage().contains("\"s\""), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopologyBuilder.checkName("store", "bad name"));
  }

  @Test
  void shouldRefuseChangesAfterStart() {
    TopologyBuilder b = new TopologyBuilder("app");
    b.seal();
    assertThrows(IllegalStateException.class, () -> b.addSource(List.of("in"), Serdes.string(), Serdes.string(), false));
  }

  @Test
  void shouldPlanAStreamJoinedWithATableItsOwnRepartitionedRecordsFeed() {
    // in -> selectKey -> repartition -> aggregate (store "totals"); in joins "totals": one
    // sub-topology reading "in" and its own repartition topic, which takes the count of "in".
    TopologyBuilder b = new TopologyBuilder("app");
    Node src = b.addSource(List.of("in"), Serdes.string(), Serdes.string(), false);
    Node sink = b.addProcessor("repartition", PASS, b.addProcessor("selectKey", PASS, src));
    String topic = b.repartitionTopic("totals", sink);
    Node agg = b.addProcessor("aggregate", PASS, b.addSource(List.of(topic), Serdes.string(), Serdes.string(), true));
    b.addStore(new StoreDef("totals", StoreDef.Kind.KEY_VALUE, Serdes.string(), Serdes.longs()), agg);
    b.useStore("totals", b.addProcessor("join", PASS, src));

    TopologyPlan plan = TopologyPlan.plan(b, Map.of("in", 5)::get);
    assertEquals(1, plan.subTopologies().size());
    assertEquals(5, plan.subTopologies().get(0).partitions());
    assertEquals(Map.of(topic, 5), plan.repartitionTopics());
  }
}
