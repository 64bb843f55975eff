package io.millrace.stream.processing.internal;

import io.millrace.stream.Serde;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects the nodes and stores of one application while its operators are declared. Not
 * thread-safe: used on the thread that builds the application, before {@code start()}.
 */
public final class TopologyBuilder {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

  private final String appId;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, StoreDef> stores = new LinkedHashMap<>();
  private final Map<String, Node> repartitionSinks = new LinkedHashMap<>();
  private boolean sealed;

  public TopologyBuilder(String appId) {
    this.appId = appId;
  }

  public String appId() {
    return appId;
  }

  private void checkOpen() {
    if (sealed) {
      throw new IllegalStateException("application " + appId + " has started: its operators can no longer change");
    }
  }

  /** Refuses further changes. */
  public void seal() {
    sealed = true;
  }

  /** Checks a user-given name of a store or internal topic. */
  public static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " name \"" + name + "\" must be 1 to 100 of a-z A-Z 0-9 . _ -");
    }
    return name;
  }

  public Node addSource(List<String> topics, Serde<?> keySerde, Serde<?> valueSerde, boolean internal) {
    checkOpen();
    Node n = Node.source(nodes.size(), "source-" + nodes.size() + topics, topics, keySerde, valueSerde, internal);
    nodes.add(n);
    return n;
  }

  /** Adds a processor fed by every node of {@code parents}. */
  public Node addProcessor(String kind, ProcessorFactory factory, Node... parents) {
    checkOpen();
    Node n = Node.processor(nodes.size(), kind + "-" + nodes.size(), factory);
    nodes.add(n);
    for (Node p : parents) {
      p.children.add(n);
    }
    return n;
  }

  /** Registers a store used by {@code users}; a store name can be registered once. */
  public StoreDef addStore(StoreDef def, Node... users) {
    checkOpen();
    checkName("store", def.name());
    if (stores.containsKey(def.name())) {
      throw new IllegalArgumentException("store \"" + def.name() + "\" is already defined in application " + appId + ": give each store its own name");
    }
    stores.put(def.name(), def);
    for (Node u : users) {
      u.stores.add(def.name());
    }
    return def;
  }

  /** Marks {@code user} as reading {@code store}, which must exist. */
  public void useStore(String store, Node user) {
    if (!stores.containsKey(store)) {
      throw new IllegalArgumentException("no store \"" + store + "\" in application " + appId);
    }
    user.stores.add(store);
  }

  /** The name of the repartition topic {@code name}, refusing a name used twice. */
  public String repartitionTopic(String name, Node sink) {
    checkName("repartition", name);
    String topic = appId + "-" + name + "-repartition";
    if (repartitionSinks.containsKey(topic)) {
      throw new IllegalArgumentException("repartition topic " + topic + " is already used: name each repartitioning step differently");
    }
    repartitionSinks.put(topic, sink);
    sink.repartitionTopic = topic;
    return topic;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  public Map<String, StoreDef> stores() {
    return Map.copyOf(stores);
  }

  public StoreDef store(String name) {
    StoreDef d = stores.get(name);
    if (d == null) {
      throw new IllegalArgumentException("no store \"" + name + "\" in application " + appId + " (stores: " + stores.keySet() + ")");
    }
    return d;
  }

  /** The node writing to each repartition topic. */
  public Map<String, Node> repartitionSinks() {
    return Map.copyOf(repartitionSinks);
  }

  public Set<String> storeNames() {
    return stores.keySet();
  }
}
