package org.subnetp2p.transport.multistream;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;

/**
 * multistream-select over a muxed {@link Stream}, as blocking code for a virtual thread. It reads
 * exactly the negotiation messages and not a byte more, so data the dialer sends right behind its
 * proposal stays in the stream for the protocol handler.
 *
 * <p>The caller sets the stream's deadlines first; they bound the whole negotiation.
 */
public final class StreamNegotiator {
  private StreamNegotiator() {}

  /**
   * Proposes {@code protocols} in order and returns the one the listener accepted.
   *
   * @throws ProtocolNotSupportedException if it accepts none
   */
  public static String select(Stream stream, List<String> protocols) throws IOException {
    DialerNegotiation negotiation = new DialerNegotiation(protocols);
    stream.write(negotiation.start());
    while (!negotiation.isDone()) {
      byte[] reply = negotiation.onMessage(read(stream));
      if (reply.length > 0) {
        stream.write(reply);
      }
    }
    String selected = negotiation.selected();
    if (selected == null) {
      throw new ProtocolNotSupportedException(stream.remotePeer(), protocols);
    }
    return selected;
  }

  /**
   * The bytes a dialer sends first under optimistic selection of {@code protocol}: the header and
   * the proposal, which the caller's first bytes may follow at once.
   */
  public static byte[] optimisticProposal(String protocol) {
    return new DialerNegotiation(List.of(protocol)).start();
  }

  /**
   * The stream for {@code protocol} once {@link #optimisticProposal} was sent on {@code stream}:
   * its first read checks the listener's answers, throwing {@link
   * org.subnetp2p.core.host.ProtocolNotSupportedException} there if the listener refused. See
   * {@link org.subnetp2p.core.host.Connection#newStreamOptimistic}.
   */
  public static Stream afterOptimisticProposal(Stream stream, String protocol) {
    return new OptimisticStream(stream, protocol);
  }

  /**
   * Answers the dialer's proposals until it picks one that {@code supported} accepts, reading in
   * chunks and answering together, and returns the stream for the agreed protocol's handler (its
   * {@link Stream#protocol()}): bytes the dialer sent behind its proposal come first from it. See
   * {@link ListenerStream} for when the answers leave.
   */
  public static Stream acceptBuffered(
      Stream stream, Predicate<String> supported, Supplier<Collection<String>> listing)
      throws IOException {
    return ListenerStream.accept(stream, supported, listing);
  }

  /**
   * Answers the dialer's proposals until it picks one that {@code supported} accepts.
   *
   * @return the agreed protocol
   */
  public static String accept(
      Stream stream, Predicate<String> supported, Supplier<Collection<String>> listing)
      throws IOException {
    ListenerNegotiation negotiation = new ListenerNegotiation(supported, listing);
    while (!negotiation.isDone()) {
      byte[] reply = negotiation.onMessage(read(stream));
      if (reply.length > 0) {
        stream.write(reply);
      }
    }
    return negotiation.selected();
  }

  /** Reads one message: its varint length a byte at a time, then exactly its body. */
  static String read(Stream stream) throws IOException {
    Varint.Decoder decoder = new Varint.Decoder();
    byte[] one = new byte[1];
    try {
      do {
        if (stream.read(one, 0, 1) < 0) {
          throw new MultistreamException("stream closed during protocol negotiation");
        }
      } while (!decoder.accept(one[0]));
    } catch (VarintException e) {
      throw new MultistreamException("malformed multistream length prefix: " + e.getMessage());
    }
    long length = decoder.value();
    MultistreamMessages.requireAcceptableLength(length);
    byte[] body = new byte[(int) length];
    int filled = 0;
    while (filled < body.length) {
      int n = stream.read(body, filled, body.length - filled);
      if (n < 0) {
        throw new MultistreamException("stream closed inside a multistream message");
      }
      filled += n;
    }
    return MultistreamMessages.decodeBody(body);
  }
}
