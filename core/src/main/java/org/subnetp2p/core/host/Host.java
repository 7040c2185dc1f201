package org.subnetp2p.core.host;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.PeerResolver;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.SignedEnvelope;

/**
 * A libp2p node: one identity, the addresses it listens on, its connections to other peers, and the
 * protocols it serves.
 *
 * <p>Create one with {@link Hosts#create(HostConfig)}, register stream handlers, then {@link
 * #start()} it. Everything here is thread-safe; the futures complete on network threads, so
 * continue blocking work elsewhere (e.g. with {@code thenApplyAsync} on a virtual-thread executor).
 */
public interface Host extends AutoCloseable {

  /** This host's peer id, derived from its identity key. */
  PeerId peerId();

  /**
   * Binds the listen addresses from the config. After it returns, {@link #listenAddresses()} holds
   * the bound addresses (a port of 0 replaced by the port actually bound).
   *
   * @throws IOException if an address cannot be bound, e.g. its port is in use; the message names
   *     the address
   * @throws IllegalStateException if already started or closed
   */
  void start() throws IOException;

  /** The addresses this host listens on, without {@code /p2p/}; empty before {@link #start()}. */
  List<Multiaddr> listenAddresses();

  /** The listen addresses with this host's {@code /p2p/} id appended: what others dial. */
  default List<Multiaddr> dialableAddresses() {
    return listenAddresses().stream().map(a -> a.withPeerId(peerId())).toList();
  }

  /**
   * Connects to the peer at {@code address}, which must end in {@code /p2p/<peer id>}. An open
   * connection to that peer is reused; concurrent dials to the same peer share one attempt.
   *
   * <p>Fails with {@link DialException} (or {@link PeerIdMismatchException} when the remote proves
   * a different identity).
   */
  CompletableFuture<Connection> connect(Multiaddr address);

  /**
   * Connects to {@code peer} knowing only its id: reuses an open connection, else dials the
   * addresses in the address book in turn, else asks the discoveries attached to this host,
   * cheapest first, dialling what each finds (see {@link PeerResolver}). A failed dial moves on to
   * the next address, then the next source.
   *
   * <p>Fails with {@link PeerNotFoundException} when no source knows the peer, or with {@link
   * DialException} listing every address tried when none could be dialled.
   */
  CompletableFuture<Connection> connect(PeerId peer);

  /**
   * Opens a stream to {@code peer} negotiated to the first supported of {@code protocols},
   * connecting first if needed (see {@link #connect(PeerId)}).
   */
  default CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    return connect(peer).thenCompose(c -> c.newStream(protocols));
  }

  /** The open connection to {@code peer}, if any. */
  Optional<Connection> connection(PeerId peer);

  /** All open connections. */
  Collection<Connection> connections();

  /**
   * Serves {@code protocol} with {@code handler}, replacing any previous handler. Streams for a
   * protocol without a handler are refused during negotiation ("na").
   */
  void setStreamHandler(String protocol, StreamHandler handler);

  /** Stops serving {@code protocol}; streams already being served continue. */
  void removeStreamHandler(String protocol);

  /** The protocols this host serves, announced to peers by identify. */
  Set<String> protocols();

  /** What this host knows about other peers. */
  AddressBook addressBook();

  /**
   * How this host finds peers by id: {@link #connect(PeerId)} delegates to it. Hosts that resolve
   * only through their address book do not have one.
   *
   * @throws UnsupportedOperationException if this host does not resolve through discoveries
   */
  default PeerResolver resolver() {
    throw new UnsupportedOperationException(
        getClass().getName() + " resolves peers through its address book only");
  }

  /**
   * Lets {@link #connect(PeerId)} ask {@code discovery} for the addresses of peers it does not
   * know, in order of the discovery's {@link MultiaddrDiscovery#cost()}.
   *
   * @throws UnsupportedOperationException if this host does not resolve through discoveries
   */
  default void addDiscovery(MultiaddrDiscovery discovery) {
    resolver().add(discovery);
  }

  /** Stops asking {@code discovery}; see {@link #addDiscovery}. */
  default void removeDiscovery(MultiaddrDiscovery discovery) {
    resolver().remove(discovery);
  }

  /**
   * This host's signed peer record (libp2p RFC 0003): its {@link #listenAddresses()}, signed with
   * its identity key, as Kademlia, GossipSub and identify attach it so that others can trust the
   * addresses. A new record, with a higher sequence number, replaces the old one when the listen
   * addresses change. Empty for a host that cannot sign with its key.
   */
  default Optional<SignedEnvelope> signedPeerRecord() {
    return Optional.empty();
  }

  /**
   * Where this host and everything built on it (request/response protocols, the DHT, pubsub,
   * discoveries, gaters) record their metrics: {@link HostConfig#meterRegistry()}. By default a
   * registry that records nothing, so a library user without Micrometer set up pays next to
   * nothing.
   */
  default MeterRegistry meterRegistry() {
    return Meters.noop();
  }

  /** Registers a listener for connections opening and closing. */
  void addConnectionListener(ConnectionListener listener);

  /** Removes a listener added with {@link #addConnectionListener}. */
  void removeConnectionListener(ConnectionListener listener);

  /**
   * Stops listening, closes every connection and releases the host's threads, waiting a bounded
   * time for them. Idempotent.
   */
  @Override
  void close();
}
