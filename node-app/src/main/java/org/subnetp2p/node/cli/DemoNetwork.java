package org.subnetp2p.node.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.Durations;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.ProviderRegistry;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * The demo's nodes on 127.0.0.1, each given only the first node's address. Who calls whom is read
 * from each node's address book, never handed over here: what a node learned through the network
 * (connections, identify, discovery) is exactly what it calls.
 */
final class DemoNetwork implements AutoCloseable {
  /** The address books are settled once they stop changing for this long. */
  private static final Duration QUIET = Duration.ofSeconds(1);

  private static final Duration POLL = Duration.ofMillis(100);

  /** One task call, as the table shows it. */
  record Call(
      String caller,
      String callee,
      String learnedVia,
      boolean ok,
      String result,
      Duration latency) {}

  private final List<Node> nodes = new ArrayList<>();

  /**
   * Starts {@code count} nodes from {@code base} (its listen and bootstrap replaced).
   *
   * @throws IOException if a node cannot listen
   */
  DemoNetwork(int count, NodeConfig base) throws IOException {
    ProviderRegistry registry = ProviderRegistry.load();
    try {
      List<Multiaddr> bootstrap = List.of();
      for (int i = 0; i < count; i++) {
        NodeConfig config =
            base.toBuilder()
                .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .bootstrap(bootstrap)
                .build();
        Node node = Node.create(config, Keys.generateEd25519(), registry);
        nodes.add(node);
        node.start();
        if (i == 0) {
          bootstrap = List.of(node.host().dialableAddresses().get(0));
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
   * Waits until every node is connected, every connected peer identified, and no address book has
   * changed for a quiet second, or until {@code limit} passes.
   *
   * @return true if the network settled within the limit
   */
  boolean settle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = snapshot();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(POLL);
      String now = snapshot();
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      } else if (everyoneConnectedAndIdentified()
          && System.nanoTime() - stableSince >= QUIET.toNanos()) {
        return true;
      }
    }
    return false;
  }

  private String snapshot() {
    StringBuilder s = new StringBuilder();
    for (Node node : nodes) {
      AddressBook book = node.host().addressBook();
      book.peers().stream()
          .sorted()
          .forEach(
              p ->
                  s.append(p)
                      .append(book.addresses(p).size())
                      .append('/')
                      .append(book.protocols(p).size())
                      .append(';'));
      s.append('|');
    }
    return s.toString();
  }

  private boolean everyoneConnectedAndIdentified() {
    for (Node node : nodes) {
      Host host = node.host();
      if (nodes.size() > 1 && host.connections().isEmpty()) {
        return false;
      }
      for (Connection c : host.connections()) {
        if (host.addressBook().protocols(c.remotePeer()).isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Has every node call the task protocol of every peer in its address book; the callers run at
   * once, each calling its peers in turn.
   */
  List<Call> callEveryKnownPeer(Duration timeout) throws InterruptedException {
    List<Call> calls = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<Call>>> perCaller = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        int caller = i;
        perCaller.add(callers.submit(() -> callKnownPeers(caller, timeout)));
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

  private List<Call> callKnownPeers(int caller, Duration timeout) throws InterruptedException {
    Node node = nodes.get(caller);
    AddressBook book = node.host().addressBook();
    TaskProtocol tasks = node.protocol(TaskProtocol.class);
    List<Call> calls = new ArrayList<>();
    List<PeerId> known =
        book.peers().stream()
            .filter(p -> !p.equals(node.peerId()) && !book.entries(p).isEmpty())
            .sorted((a, b) -> label(a).compareTo(label(b)))
            .toList();
    for (PeerId peer : known) {
      // The most recently confirmed entry says how the address was learned.
      String via = book.entries(peer).get(0).source().name().toLowerCase(Locale.ROOT);
      String payload = "hello " + label(peer) + " from " + label(caller);
      long start = System.nanoTime();
      boolean ok;
      String result;
      try {
        TaskRequest request =
            TaskRequest.newBuilder()
                .setTaskId("demo-" + label(caller) + "-" + label(peer))
                .setPayload(ByteString.copyFromUtf8(payload))
                .build();
        // By peer id: the host dials what its address book holds, or reuses the connection.
        TaskResponse r =
            tasks.callRemote(peer, request).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        ok =
            r.getAccepted()
                && r.getResult().toStringUtf8().equals(payload.toUpperCase(Locale.ROOT));
        result = ok ? "ok: " + r.getResult().toStringUtf8() : "refused: " + r.getError();
      } catch (ExecutionException e) {
        ok = false;
        result =
            "failed: " + CallFailures.describe(e, book.addresses(peer).get(0).withPeerId(peer));
      } catch (TimeoutException e) {
        ok = false;
        result = "failed: no answer within " + Durations.format(timeout);
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      calls.add(new Call(label(caller), label(peer), via, ok, result, latency));
    }
    return calls;
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
