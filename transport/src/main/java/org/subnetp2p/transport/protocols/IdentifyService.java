package org.subnetp2p.transport.protocols;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PublicKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.protocols.pb.Identify;

/**
 * libp2p identify ({@code /ipfs/id/1.0.0}) and identify push ({@code /ipfs/id/push/1.0.0}): each
 * side tells the other its public key, listen addresses, protocols and the address it observed.
 * What we learn goes into the host's address book, so a peer reached once can be found again.
 */
public final class IdentifyService implements ConnectionListener {
  /** Asking a peer about itself. */
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";

  /** A peer telling us about a change, unasked. */
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";

  /** The protocol family we announce. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  private static final Logger LOG = LoggerFactory.getLogger(IdentifyService.class);
  private static final int MAX_MESSAGE = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ADDRESS_TTL = Duration.ofHours(1);

  private final Host host;
  private final PublicKey publicKey;
  private final String agentVersion;
  private final Map<PeerId, CompletableFuture<IdentifyInfo>> latest = new ConcurrentHashMap<>();

  /**
   * Serves identify on {@code host} and identifies every peer that connects.
   *
   * @param publicKey the host's identity key, announced to peers
   */
  public IdentifyService(Host host, PublicKey publicKey, String agentVersion) {
    this.host = host;
    this.publicKey = publicKey;
    this.agentVersion = agentVersion;
  }

  /** Registers the handlers and the connection listener. Call once, before the host starts. */
  public void start() {
    host.setStreamHandler(PROTOCOL_ID, this::answer);
    host.setStreamHandler(PUSH_PROTOCOL_ID, this::receivePush);
    host.addConnectionListener(this);
  }

  @Override
  public void connected(Connection connection) {
    // Network thread: identify on a virtual thread of its own.
    CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
    latest.put(connection.remotePeer(), result);
    Thread.ofVirtual()
        .name("identify " + connection.remotePeer())
        .start(
            () -> {
              try {
                result.complete(identify(connection));
              } catch (Exception e) {
                LOG.debug("identify of {} failed: {}", connection.remotePeer(), e.toString());
                result.completeExceptionally(e);
              }
            });
  }

  @Override
  public void disconnected(Connection connection) {
    latest.remove(connection.remotePeer(), latest.get(connection.remotePeer()));
  }

  /**
   * The result of the identify exchange that ran when {@code peer} last connected; fails if no
   * connection to it has been seen.
   */
  public CompletableFuture<IdentifyInfo> identified(PeerId peer) {
    CompletableFuture<IdentifyInfo> f = latest.get(peer);
    return f != null
        ? f
        : CompletableFuture.failedFuture(new P2PException("no connection to " + peer + " seen"));
  }

  /**
   * Asks the peer at the other end of {@code connection} about itself, now. The stream is opened
   * optimistically: proposal and half-close leave together and the peer's agreement comes back with
   * its answer, one round trip and one negotiating thread fewer per connection.
   */
  public IdentifyInfo identify(Connection connection) throws IOException {
    Stream stream =
        PingService.await(
            connection.newStreamOptimistic(PROTOCOL_ID), TIMEOUT, connection.remotePeer());
    try {
      stream.setReadDeadline(Instant.now().plus(TIMEOUT));
      stream.closeWrite();
      Identify message = readMessages(stream);
      stream.close();
      return record(connection, message, false);
    } catch (IOException | RuntimeException e) {
      stream.reset();
      throw e;
    }
  }

  /** Tells every connected peer our current addresses and protocols. Failures are logged. */
  public void pushToAll() {
    for (Connection c : host.connections()) {
      Thread.ofVirtual().name("identify push " + c.remotePeer()).start(() -> push(c));
    }
  }

  private void push(Connection connection) {
    try {
      Stream stream =
          PingService.await(
              connection.newStream(List.of(PUSH_PROTOCOL_ID)), TIMEOUT, connection.remotePeer());
      stream.setWriteDeadline(Instant.now().plus(TIMEOUT));
      stream.write(delimited(ourMessage(connection)));
      stream.close();
    } catch (IOException e) {
      LOG.debug("identify push to {} failed: {}", connection.remotePeer(), e.toString());
    }
  }

  private void answer(Stream stream) throws IOException {
    stream.setWriteDeadline(Instant.now().plus(TIMEOUT));
    stream.write(delimited(ourMessage(stream.connection())));
    stream.close();
  }

  private void receivePush(Stream stream) throws IOException {
    stream.setReadDeadline(Instant.now().plus(TIMEOUT));
    Identify message = readMessages(stream);
    record(stream.connection(), message, true);
    stream.close();
  }

  private Identify ourMessage(Connection connection) {
    Identify.Builder b =
        Identify.newBuilder()
            .setProtocolVersion(PROTOCOL_VERSION)
            .setAgentVersion(agentVersion)
            .setPublicKey(ByteString.copyFrom(publicKey.marshal()))
            .setObservedAddr(ByteString.copyFrom(connection.remoteAddress().toBytes()))
            .addAllProtocols(host.protocols());
    for (Multiaddr a : host.listenAddresses()) {
      b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
    }
    return b.build();
  }

  /** Checks the message against the authenticated peer and files what it says. */
  private IdentifyInfo record(Connection connection, Identify message, boolean partial)
      throws P2PException {
    PeerId peer = connection.remotePeer();
    if (message.hasPublicKey() && !isInlineKeyOf(peer, message.getPublicKey())) {
      PublicKey key;
      try {
        key = Keys.unmarshalPublicKey(message.getPublicKey().toByteArray());
      } catch (RuntimeException e) {
        throw new P2PException("identify from " + peer + " carries an unreadable public key", e);
      }
      if (!PeerId.fromPublicKey(key).equals(peer)) {
        throw new P2PException("identify from " + peer + " carries another peer's public key");
      }
    }
    List<Multiaddr> addresses = new ArrayList<>();
    for (ByteString raw : message.getListenAddrsList()) {
      try {
        addresses.add(Multiaddr.fromBytes(raw.toByteArray()).withoutPeerId());
      } catch (IllegalArgumentException e) {
        LOG.debug("identify from {}: skipping a malformed address: {}", peer, e.getMessage());
      }
    }
    AddressBook book = host.addressBook();
    if (!addresses.isEmpty()) {
      book.add(peer, addresses, AddressBook.Source.IDENTIFY, ADDRESS_TTL);
    }
    if (!partial || message.getProtocolsCount() > 0) {
      book.setProtocols(peer, message.getProtocolsList());
    }
    Optional<Multiaddr> observed = Optional.empty();
    if (message.hasObservedAddr()) {
      try {
        observed = Optional.of(Multiaddr.fromBytes(message.getObservedAddr().toByteArray()));
      } catch (IllegalArgumentException e) {
        LOG.debug("identify from {}: malformed observed address", peer);
      }
    }
    IdentifyInfo info =
        new IdentifyInfo(
            peer,
            List.copyOf(addresses),
            new LinkedHashSet<>(message.getProtocolsList()),
            observed,
            message.getAgentVersion(),
            message.getProtocolVersion());
    if (partial) {
      latest.put(peer, CompletableFuture.completedFuture(info));
    }
    return info;
  }

  /**
   * Whether {@code marshalled} is, byte for byte, the key inlined in {@code peer} (an Ed25519 id),
   * which the security handshake has verified already: decoding it again (a curve point
   * decompression) would cost more than the rest of the message.
   */
  private static boolean isInlineKeyOf(PeerId peer, ByteString marshalled) {
    Optional<PublicKey> inline = peer.publicKey();
    return inline.isPresent() && ByteString.copyFrom(inline.get().marshal()).equals(marshalled);
  }

  /** Reads varint-delimited identify messages until the stream ends, merging them. */
  private static Identify readMessages(Stream stream) throws IOException {
    Identify.Builder merged = Identify.newBuilder();
    int total = 0;
    InputStream in = stream.inputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      Varint.Decoder prefix = new Varint.Decoder();
      try {
        while (!prefix.accept((byte) b)) {
          if ((b = in.read()) < 0) {
            throw new P2PException("identify message truncated inside its length prefix");
          }
        }
      } catch (VarintException e) {
        throw new P2PException("identify message has a malformed length prefix", e);
      }
      // Unsigned: a prefix of 2^63 or more reads as negative.
      long length = prefix.value();
      if (length < 0 || length > MAX_MESSAGE - total) {
        throw new P2PException("identify message larger than " + MAX_MESSAGE + " bytes");
      }
      total += (int) length;
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new P2PException("identify message truncated");
      }
      try {
        merged.mergeFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new P2PException("identify message is not valid protobuf", e);
      }
    }
    return merged.build();
  }

  private static byte[] delimited(Identify message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] body = message.toByteArray();
    out.writeBytes(Varint.encode(body.length));
    out.writeBytes(body);
    return out.toByteArray();
  }
}
