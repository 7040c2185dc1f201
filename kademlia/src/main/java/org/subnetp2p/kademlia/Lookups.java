package org.subnetp2p.kademlia;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.kademlia.lookup.Lookup;
import org.subnetp2p.kademlia.routing.Key;
import org.subnetp2p.kademlia.routing.RoutingTable;
import org.subnetp2p.kademlia.rpc.KadClient;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * Runs lookups from the routing table: the peers that answer are marked seen, those that fail are
 * evicted, and every answer's peers and sender record are filed. Blocking: call on a virtual
 * thread.
 */
final class Lookups {
  private static final Logger LOG = LoggerFactory.getLogger(Lookups.class);

  /** Waits, a bounded time, for an empty table's first peer. */
  @FunctionalInterface
  interface FirstPeer {
    void await() throws InterruptedException;
  }

  private final PeerId self;
  private final KadConfig config;
  private final RoutingTable table;
  private final PeerDirectory directory;
  private final KadClient client;
  private final FirstPeer firstPeer;
  private final Consumer<PeerId> evict;
  private final KadMeters meters;

  Lookups(
      PeerId self,
      KadConfig config,
      RoutingTable table,
      PeerDirectory directory,
      KadClient client,
      FirstPeer firstPeer,
      Consumer<PeerId> evict,
      KadMeters meters) {
    this.self = self;
    this.meters = meters;
    this.config = config;
    this.table = table;
    this.directory = directory;
    this.client = client;
    this.firstPeer = firstPeer;
    this.evict = evict;
  }

  KadClient client() {
    return client;
  }

  PeerDirectory directory() {
    return directory;
  }

  /** A request of {@code type} for {@code key}. */
  static Message keyed(Message.MessageType type, byte[] key) {
    return Message.newBuilder().setType(type).setKey(ByteString.copyFrom(key)).build();
  }

  static List<Multiaddr> withId(PeerId peer, List<Multiaddr> addresses) {
    return addresses.stream().map(a -> a.withPeerId(peer)).toList();
  }

  /**
   * A {@code FIND_NODE} lookup of {@code key}; with a {@code target}, it ends as soon as an answer
   * names that peer with addresses (or the peer itself answers).
   */
  LookupResult findNode(byte[] key, Optional<PeerId> target, Consumer<LookupProgress> progress)
      throws InterruptedException {
    AtomicReference<List<Multiaddr>> found = new AtomicReference<>(List.of());
    Message request = keyed(Message.MessageType.FIND_NODE, key);
    Lookup.Outcome o =
        run(
            key,
            peer -> {
              Message answer = client.request(peer, request);
              List<PeerEntry> closer = closer(peer, answer);
              if (target.isPresent()) {
                if (peer.equals(target.get())) {
                  found.set(withId(peer, directory.shareable(peer)));
                  return new Lookup.Answer(closer, true);
                }
                for (PeerEntry e : closer) {
                  if (e.peer().equals(target.get()) && !e.addresses().isEmpty()) {
                    found.set(withId(e.peer(), e.addresses()));
                    return new Lookup.Answer(closer, true);
                  }
                }
              }
              return new Lookup.Answer(closer, false);
            },
            progress);
    LookupResult result =
        new LookupResult(
            o.closest(),
            found.get(),
            o.rounds(),
            o.queried(),
            o.answered(),
            o.failed(),
            o.elapsed(),
            o.timedOut());
    meters.lookupEnded(result, target.isPresent());
    return result;
  }

  /** The peers closest to {@code key} that answered a {@code FIND_NODE} lookup. */
  List<PeerId> closest(byte[] key) throws InterruptedException {
    return findNode(key, Optional.empty(), p -> {}).closest();
  }

  /** Files an answer's sender record and reads its closer peers. */
  List<PeerEntry> closer(PeerId peer, Message answer) {
    directory.learnSender(peer, answer);
    return directory.read(answer.getCloserPeersList());
  }

  /** Runs a lookup of {@code key} with {@code query}, from the peers of the table closest to it. */
  Lookup.Outcome run(byte[] key, Lookup.Query query, Consumer<LookupProgress> progress)
      throws InterruptedException {
    firstPeer.await();
    Key target = Key.of(key);
    Lookup lookup =
        new Lookup(
            self,
            target,
            table.closest(target, config.k()),
            config.k(),
            config.alpha(),
            config.disjointPaths(),
            config.lookupTimeout(),
            query,
            new Lookup.Listener() {
              @Override
              public void answered(PeerId peer) {
                table.seen(peer);
              }

              @Override
              public void failed(PeerId peer, Throwable error) {
                LOG.debug("kad request to {} failed: {}", peer, error.toString());
                if (table.contains(peer)) {
                  evict.accept(peer);
                }
              }
            },
            progress);
    return lookup.run();
  }
}
