package org.subnetp2p.transport.protocols;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;

/**
 * libp2p ping ({@code /ipfs/ping/1.0.0}): the dialer sends 32 random bytes, the listener echoes
 * them, the dialer measures the round trip.
 */
public final class PingService {
  /** The protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  private static final int PAYLOAD = 32;
  private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  private PingService() {}

  /** Serves ping on {@code host}: echoes each 32-byte payload until the dialer closes. */
  public static void serve(Host host) {
    host.setStreamHandler(PROTOCOL_ID, PingService::echo);
  }

  private static void echo(Stream stream) throws IOException {
    byte[] buf = new byte[PAYLOAD];
    while (true) {
      stream.setReadDeadline(Instant.now().plus(IDLE_LIMIT));
      if (!readFully(stream, buf)) {
        stream.close();
        return;
      }
      stream.write(buf);
    }
  }

  /**
   * Pings {@code peer} once over a new stream, connecting first if needed.
   *
   * <p>The stream is opened optimistically: the proposal leaves with the payload and the peer's
   * agreement comes back with the echo, one round trip (and one negotiating thread) fewer than
   * agreeing first. A peer that does not serve ping fails the read with {@link
   * org.subnetp2p.core.host.ProtocolNotSupportedException}, as a negotiation would.
   *
   * @return the round-trip time of the payload, from write to echo (on a new stream that includes
   *     the peer's agreeing to the protocol)
   */
  public static Duration ping(Host host, PeerId peer, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    Connection connection = await(host.connect(peer), timeout, peer);
    Stream stream =
        await(
            connection.newStreamOptimistic(PROTOCOL_ID),
            Duration.between(Instant.now(), deadline),
            peer);
    try {
      stream.setReadDeadline(deadline);
      stream.setWriteDeadline(deadline);
      byte[] payload = new byte[PAYLOAD];
      RANDOM.nextBytes(payload);
      long start = System.nanoTime();
      stream.write(payload);
      byte[] echo = new byte[PAYLOAD];
      if (!readFully(stream, echo)) {
        throw new P2PException("peer " + peer + " closed the ping stream without answering");
      }
      long rtt = System.nanoTime() - start;
      if (!Arrays.equals(payload, echo)) {
        throw new P2PException("peer " + peer + " answered ping with different bytes");
      }
      stream.close();
      return Duration.ofNanos(rtt);
    } catch (IOException | RuntimeException e) {
      stream.reset();
      throw e;
    }
  }

  static <T> T await(Future<T> future, Duration timeout, PeerId peer) throws IOException {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new P2PException("opening a stream to " + peer + " failed", e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SocketTimeoutException("opening a stream to " + peer + " timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** Fills {@code buf}; false if the stream ended before the first byte. */
  static boolean readFully(Stream stream, byte[] buf) throws IOException {
    int filled = 0;
    while (filled < buf.length) {
      int n = stream.read(buf, filled, buf.length - filled);
      if (n < 0) {
        if (filled == 0) {
          return false;
        }
        throw new P2PException("stream ended after " + filled + " of " + buf.length + " bytes");
      }
      filled += n;
    }
    return true;
  }
}
