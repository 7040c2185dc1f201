package org.subnetp2p.kademlia.rpc;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.UndecodableMessageException;
import org.subnetp2p.kademlia.wire.Frames;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * Sends Kademlia requests: one stream per request, the request written with its length prefix in
 * one write, one answer read (refused from its prefix beyond the size limit), then the stream is
 * closed. Everything, dial included, fits in the request timeout. Blocking: call it on a virtual
 * thread.
 *
 * <p>Peers are dialled only at addresses the DHT or the address book already hold, never through
 * {@link Host#connect(PeerId)}: that would ask the discoveries, the DHT among them, to find the
 * very peer the DHT is about to ask.
 */
public final class KadClient {
  /** Addresses tried per peer before giving up on it. */
  static final int MAX_DIAL_ADDRESSES = 8;

  private final Host host;
  private final String protocol;
  private final Duration timeout;
  private final int maxResponseSize;
  private final Function<PeerId, List<Multiaddr>> addresses;
  private final BiConsumer<PeerId, Multiaddr> dialling;
  private final Supplier<Optional<ByteString>> senderRecord;
  private final KadCounters counters;

  /**
   * @param addresses the addresses the DHT knows for a peer, best first
   * @param dialling told of each address just before it is dialled
   * @param senderRecord our signed peer record, attached to every request
   */
  public KadClient(
      Host host,
      String protocol,
      Duration timeout,
      int maxResponseSize,
      Function<PeerId, List<Multiaddr>> addresses,
      BiConsumer<PeerId, Multiaddr> dialling,
      Supplier<Optional<ByteString>> senderRecord,
      KadCounters counters) {
    this.host = host;
    this.protocol = protocol;
    this.timeout = timeout;
    this.maxResponseSize = maxResponseSize;
    this.addresses = addresses;
    this.dialling = dialling;
    this.senderRecord = senderRecord;
    this.counters = counters;
  }

  /**
   * Sends {@code request} to {@code peer} and returns its answer, which has the request's type.
   *
   * @throws IOException if the peer cannot be reached, does not serve the protocol, answers with
   *     something else than an answer of that type, or the request timeout passes
   */
  public Message request(PeerId peer, Message request) throws IOException {
    return exchange(
        peer,
        request,
        stream -> {
          Message answer = Frames.read(stream, maxResponseSize);
          if (answer == null) {
            throw new UndecodableMessageException(
                "peer " + peer + " closed the stream without answering");
          }
          if (answer.getTypeValue() != request.getTypeValue()) {
            throw new UndecodableMessageException(
                "peer "
                    + peer
                    + " answered type "
                    + answer.getTypeValue()
                    + " to a "
                    + request.getType());
          }
          return answer;
        });
  }

  /**
   * Sends {@code request} without needing an answer ({@code ADD_PROVIDER}): some peers acknowledge
   * it, others just close the stream; both count as delivered.
   */
  public void send(PeerId peer, Message request) throws IOException {
    exchange(
        peer,
        request,
        stream -> {
          stream.closeWrite();
          return Frames.read(stream, maxResponseSize); // an acknowledgement, or the end
        });
  }

  /** What is done with a stream once the request is written. */
  @FunctionalInterface
  private interface Reply {
    Message read(Stream stream) throws IOException;
  }

  /**
   * One request on its own stream: opened, written in one write, answered through {@code reply},
   * closed; reset and counted as failed on any error. All within the request timeout.
   */
  private Message exchange(PeerId peer, Message request, Reply reply) throws IOException {
    counters.requestsSent.increment();
    Instant deadline = Instant.now().plus(timeout);
    Stream stream = null;
    try {
      stream = open(peer, deadline);
      stream.setReadDeadline(deadline);
      stream.setWriteDeadline(deadline);
      Frames.write(stream, withSenderRecord(request));
      Message answer = reply.read(stream);
      stream.close();
      return answer;
    } catch (IOException | RuntimeException e) {
      counters.requestsFailed.increment();
      if (e instanceof UndecodableMessageException || e instanceof MessageTooLargeException) {
        counters.badAnswers.increment();
      }
      if (stream != null) {
        stream.reset();
      }
      throw e;
    }
  }

  private Message withSenderRecord(Message request) {
    return senderRecord
        .get()
        .map(r -> request.toBuilder().setSenderRecord(r).build())
        .orElse(request);
  }

  private Stream open(PeerId peer, Instant deadline) throws IOException {
    Connection connection = connect(peer, deadline);
    return await(connection.newStream(List.of(protocol)), deadline, "opening a stream to " + peer);
  }

  /** An open connection to {@code peer}, or one dialled at the addresses known for it. */
  public Connection connect(PeerId peer, Instant deadline) throws IOException {
    Optional<Connection> open = host.connection(peer);
    if (open.isPresent()) {
      return open.get();
    }
    Set<Multiaddr> candidates = new LinkedHashSet<>();
    addresses.apply(peer).forEach(a -> candidates.add(a.withoutPeerId()));
    if (candidates.isEmpty()) {
      throw new DialException("no known address for peer " + peer);
    }
    List<String> failures = new ArrayList<>();
    int tried = 0;
    for (Multiaddr a : candidates) {
      if (tried++ == MAX_DIAL_ADDRESSES) {
        break;
      }
      try {
        dialling.accept(peer, a);
        return await(host.connect(a.withPeerId(peer)), deadline, "dialling " + a);
      } catch (SocketTimeoutException e) {
        throw new DialException("cannot dial " + peer + ": timed out at " + a);
      } catch (IOException e) {
        failures.add(a + ": " + e.getMessage());
      }
    }
    throw new DialException("cannot dial " + peer + ": " + String.join("; ", failures));
  }

  private static <T> T await(CompletableFuture<T> future, Instant deadline, String what)
      throws IOException {
    long left = deadline.toEpochMilli() - System.currentTimeMillis();
    try {
      if (left <= 0) {
        throw new TimeoutException();
      }
      return future.get(left, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.thenAccept(KadClient::discard);
      throw new SocketTimeoutException(what + " timed out");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(what + " interrupted");
    }
  }

  /** A stream that arrives after we gave up is reset at once. */
  private static void discard(Object late) {
    if (late instanceof Stream s) {
      s.reset();
    }
  }
}
