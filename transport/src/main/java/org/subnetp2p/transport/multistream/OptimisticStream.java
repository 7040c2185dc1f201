package org.subnetp2p.transport.multistream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;

/**
 * A dialer's stream under optimistic multistream-select, once the header and the single proposal
 * have been sent (see {@link StreamNegotiator#optimisticProposal}): the listener's two answers are
 * read and checked before the first bytes the caller reads. A request thus leaves without waiting a
 * round trip for the agreement.
 *
 * <p>Safe for one reader and one writer thread at a time, like the stream it wraps.
 */
final class OptimisticStream implements Stream {
  private final Stream raw;
  private final String protocol;
  private DialerNegotiation negotiation; // reader thread only; null once agreed

  OptimisticStream(Stream raw, String protocol) {
    this.raw = raw;
    this.protocol = protocol;
    this.negotiation = new DialerNegotiation(List.of(protocol));
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return raw.connection();
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    raw.write(src, off, len);
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (negotiation != null) {
      awaitAgreement();
    }
    return raw.read(dst, off, len);
  }

  /** Reads and checks the listener's answers; throws if it refused the protocol. */
  private void awaitAgreement() throws IOException {
    try {
      while (!negotiation.isDone()) {
        negotiation.onMessage(StreamNegotiator.read(raw));
      }
    } catch (MultistreamException e) {
      raw.reset();
      throw e;
    }
    if (negotiation.selected() == null) {
      raw.reset();
      throw new ProtocolNotSupportedException(raw.remotePeer(), List.of(protocol));
    }
    negotiation = null;
  }

  @Override
  public void closeWrite() throws IOException {
    raw.closeWrite();
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    raw.setReadDeadline(deadline);
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    raw.setWriteDeadline(deadline);
  }

  @Override
  public void reset() {
    raw.reset();
  }

  @Override
  public void close() {
    raw.close();
  }

  @Override
  public boolean isClosed() {
    return raw.isClosed();
  }

  @Override
  public String toString() {
    return "optimistic " + raw;
  }
}
