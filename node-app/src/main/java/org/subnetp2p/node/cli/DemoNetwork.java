package org.subnetp2p.node.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.ProviderRegistry;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * The demo's nodes on 127.0.0.1, each given only the first node's address. Nothing is handed over
 * here: each node finds the others through its own discoveries, and calls them by peer id, so its
 * host resolves every address itself (address book, then the discoveries, cheapest first).
 */
final class DemoNetwork implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * One task call, as the table shows it.
   *
   * @param foundBy the caller's discoveries that knew the callee's address when asked, cheapest
   *     first, e.g. {@code gossip,dht}
   * @param addressFrom how the caller's address book learned the address it reached the callee at
   *     (the first source that recorded it: {@code gossip}, {@code dht}, {@code identify}, ...)
   */
  record Call(
      String caller,
      String callee,
      String foundBy,
      String addressFrom,
      boolean ok,
      String result,
      Duration latency) {}

  /** The result of a call the intruder made, as its table row shows it. */
  static final String REFUSED = "refused: not admitted";

  /** The caller label of the intruder's calls. */
  static final String INTRUDER = "intruder";

  /**
   * The calls of a node that is not registered: one per demo node, each {@link Call#ok()} when
   * refused.
   */
  record Intrusion(PeerId intruder, List<Call> calls) {
    /** How many nodes refused the intruder. */
    long refusals() {
      return calls.stream().filter(Call::ok).count();
    }
  }

  /** Bootstrap addresses are the operator's word: kept as long as the demo runs. */
  private static final Duration MANUAL_TTL = Duration.ofDays(1);

  private final List<Node> nodes = new ArrayList<>();
  private final ProviderRegistry registry = ProviderRegistry.load();

  /**
   * Starts {@code count} nodes from {@code base} (its listen and bootstrap replaced); {@code
   * configure} may change each node's config by its index (0 for the first). With {@code
   * bootstrap}, every node after the first is given the first one's address and dials it at start;
   * without, the nodes start alone and {@link #joinFirst} connects them later (once a gater would
   * let them in).
   *
   * @throws IOException if a node cannot listen
   */
  DemoNetwork(
      int count,
      NodeConfig base,
      BiFunction<Integer, NodeConfig, NodeConfig> configure,
      boolean bootstrap)
      throws IOException {
    try {
      List<Multiaddr> first = List.of();
      for (int i = 0; i < count; i++) {
        NodeConfig config =
            configure.apply(
                i,
                base.toBuilder()
                    .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                    .bootstrap(bootstrap ? first : List.of())
                    .build());
        Node node = Node.create(config, Keys.generateEd25519(), registry);
        nodes.add(node);
        node.start();
        if (i == 0) {
          first = List.of(node.host().dialableAddresses().get(0));
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  /** The demo's label of {@code peer}: {@code node3}, or its id if it is not a demo node. */
  String label(PeerId peer) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).peerId().equals(peer)) {
        return label(i);
      }
    }
    return peer.toString();
  }

  static String label(int index) {
    return "node" + (index + 1);
  }

  /**
   * Connects every node after the first to the first one, as a bootstrap address would, and waits
   * at most {@code limit} for the connections.
   *
   * @return the nodes that could not connect, with the reason
   */
  List<String> joinFirst(Duration limit) throws InterruptedException {
    Multiaddr first = nodes.get(0).host().dialableAddresses().get(0);
    PeerId firstId = nodes.get(0).peerId();
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (Node node : nodes.subList(1, nodes.size())) {
      node.host().addressBook().add(firstId, List.of(first), AddressBook.Source.MANUAL, MANUAL_TTL);
      dials.add(node.host().connect(first));
    }
    List<String> failed = new ArrayList<>();
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < dials.size(); i++) {
      long left = Math.max(1, deadline - System.nanoTime());
      try {
        dials.get(i).get(left, TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failed.add(label(i + 1) + " (" + CallFailures.describe(e, first) + ")");
      } catch (TimeoutException e) {
        failed.add(label(i + 1) + " (no connection within " + Durations.format(limit) + ")");
      }
    }
    return failed;
  }

  /**
   * Waits until discovery has run: every node's discoveries together know every other node (what
   * each one {@linkplain MultiaddrDiscovery#knownPeers() knows}: the gossip cache, the DHT's
   * routing table), or until {@code limit} passes. A node without discoveries only waits to be
   * connected.
   *
   * @return the nodes that still missed a peer at the end, empty when all know all
   */
  List<String> awaitDiscovery(Duration limit) throws InterruptedException {
    return awaitDiscovery(limit, d -> true);
  }

  /** As {@link #awaitDiscovery(Duration)}, for the discoveries {@code which} selects only. */
  List<String> awaitDiscovery(Duration limit, Predicate<MultiaddrDiscovery> which)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (!knowsEveryone(nodes.get(i), which)) {
          missing.add(label(i));
        }
      }
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return missing;
      }
      Thread.sleep(POLL);
    }
  }

  private boolean knowsEveryone(Node node, Predicate<MultiaddrDiscovery> which) {
    if (node.discoveries().isEmpty()) {
      return nodes.size() < 2 || !node.host().connections().isEmpty();
    }
    for (MultiaddrDiscovery d : node.discoveries()) {
      if (!which.test(d)) {
        continue;
      }
      Set<PeerId> known = new HashSet<>();
      d.knownPeers().getNow(List.of()).forEach(a -> a.peerId().ifPresent(known::add));
      if (!nodes.stream().filter(n -> n != node).allMatch(n -> known.contains(n.peerId()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Has every node call the task protocol of every other node by peer id; the callers run at once,
   * each calling the others in turn. Before each call the caller asks each of its discoveries
   * whether it knows the callee, for the table.
   */
  List<Call> callEveryPeer(Duration timeout) throws InterruptedException {
    List<Call> calls = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<Call>>> perCaller = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        int caller = i;
        perCaller.add(callers.submit(() -> callOthers(caller, timeout)));
      }
      for (Future<List<Call>> f : perCaller) {
        try {
          calls.addAll(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("demo caller failed", e.getCause());
        }
      }
    }
    return calls;
  }

  private List<Call> callOthers(int caller, Duration timeout) throws InterruptedException {
    Node node = nodes.get(caller);
    TaskProtocol tasks = node.protocol(TaskProtocol.class);
    List<Call> calls = new ArrayList<>();
    for (int callee = 0; callee < nodes.size(); callee++) {
      if (callee == caller) {
        continue;
      }
      PeerId peer = nodes.get(callee).peerId();
      String foundBy = foundBy(node, peer, timeout);
      String payload = "hello " + label(callee) + " from " + label(caller);
      long start = System.nanoTime();
      boolean ok;
      String result;
      try {
        // By peer id alone: the host reuses a connection or resolves and dials an address.
        TaskResponse r =
            tasks
                .callRemote(peer, request(caller, callee, payload))
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        ok =
            r.getAccepted()
                && r.getResult().toStringUtf8().equals(payload.toUpperCase(Locale.ROOT));
        result = ok ? "ok: " + r.getResult().toStringUtf8() : "refused: " + r.getError();
      } catch (ExecutionException e) {
        ok = false;
        result = "failed: " + CallFailures.describe(e, peer);
      } catch (TimeoutException e) {
        ok = false;
        result = "failed: no answer within " + Durations.format(timeout);
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      calls.add(
          new Call(
              label(caller), label(callee), foundBy, addressFrom(node, peer), ok, result, latency));
    }
    return calls;
  }

  private TaskRequest request(int caller, int callee, String payload) {
    return TaskRequest.newBuilder()
        .setTaskId("demo-" + label(caller) + "-" + label(callee))
        .setPayload(ByteString.copyFromUtf8(payload))
        .build();
  }

  /**
   * Starts a node that belongs to no subnet (fresh identity, not listening, no discovery, admits
   * anyone itself) and has it call every node at the address that node listens on. A call counts
   * ({@link Call#ok()}) when the callee refused the intruder right after the security handshake
   * ({@link NotAdmittedException}); a call that went through, or failed otherwise, does not.
   */
  Intrusion intrude(Duration timeout) throws InterruptedException {
    NodeConfig config = NodeConfig.builder().listen(List.of()).build();
    Node intruder = Node.create(config, Keys.generateEd25519(), registry);
    try {
      intruder.start();
      TaskProtocol tasks = intruder.protocol(TaskProtocol.class);
      List<Call> calls = new ArrayList<>();
      for (int callee = 0; callee < nodes.size(); callee++) {
        Multiaddr target = nodes.get(callee).host().dialableAddresses().get(0);
        String payload = "hello " + label(callee) + " from the intruder";
        long start = System.nanoTime();
        boolean refused = false;
        String result;
        try {
          TaskResponse r =
              tasks
                  .callRemote(
                      target, "demo-intruder-" + label(callee), ByteString.copyFromUtf8(payload))
                  .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
          result = "admitted: " + r.getResult().toStringUtf8();
        } catch (ExecutionException e) {
          refused = notAdmitted(e);
          result = refused ? REFUSED : "failed: " + CallFailures.describe(e, target);
        } catch (TimeoutException e) {
          result = "failed: no answer within " + Durations.format(timeout);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        calls.add(new Call(INTRUDER, label(callee), "-", "manual", refused, result, latency));
      }
      return new Intrusion(intruder.peerId(), calls);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      Closer.closeWithin(intruder, Duration.ofSeconds(5));
    }
  }

  private static boolean notAdmitted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NotAdmittedException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The names of {@code node}'s discoveries that know {@code peer}, cheapest first. */
  private static String foundBy(Node node, PeerId peer, Duration timeout)
      throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (MultiaddrDiscovery d : node.discoveries()) {
      try {
        if (!d.find(peer).get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
          names.add(d.name());
        }
      } catch (ExecutionException | TimeoutException e) {
        // does not know it, as far as the table is concerned
      }
    }
    return names.isEmpty() ? "-" : String.join(",", names);
  }

  /**
   * How {@code node} learned the address it reached {@code peer} at: the source of the address book
   * entry for the connection's remote address, else of the most recently confirmed entry.
   */
  private static String addressFrom(Node node, PeerId peer) {
    List<AddressBook.Entry> entries = node.host().addressBook().entries(peer);
    Optional<Multiaddr> remote =
        node.host().connection(peer).map(c -> c.remoteAddress().withoutPeerId());
    for (AddressBook.Entry e : entries) {
      if (remote.isPresent() && e.address().equals(remote.get())) {
        return e.source().label();
      }
    }
    return entries.isEmpty() ? "-" : entries.get(0).source().label();
  }

  @Override
  public void close() {
    try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Node node : nodes) {
        closers.submit(node::close);
      }
    }
  }
}
