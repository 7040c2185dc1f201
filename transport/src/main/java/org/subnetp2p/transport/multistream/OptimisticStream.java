package org.subnetp2p.transport.multistream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;

/**
 * A dialer's stream under optimistic multistream-select: the header and the single proposal are
 * sent in front of the first bytes the caller writes (in the same write when it is small), and the
 * listener's two echoes are read and checked before the first bytes the caller reads. A request
 * thus leaves without waiting a round trip for the agreement.
 *
 * <p>Safe for one reader and one writer thread at a time, like the stream it wraps.
 */
final class OptimisticStream implements Stream {
  /** Writes up to this size share one write (one muxer frame) with the proposal. */
  private static final int COALESCE_LIMIT = 64 * 1024;

  private final Stream raw;
  private final String protocol;
  private final ReentrantLock proposalLock = new ReentrantLock();
  private byte[] proposal; // guarded by proposalLock; null once sent
  private DialerNegotiation negotiation; // reader thread only; null once agreed

  OptimisticStream(Stream raw, String protocol) {
    this.raw = raw;
    this.protocol = protocol;
    this.negotiation = new DialerNegotiation(List.of(protocol));
    this.proposal = negotiation.start();
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
    proposalLock.lock();
    try {
      byte[] p = proposal;
      if (p != null) {
        proposal = null;
        if (len <= COALESCE_LIMIT) {
          byte[] both = new byte[p.length + len];
          System.arraycopy(p, 0, both, 0, p.length);
          System.arraycopy(src, off, both, p.length, len);
          raw.write(both);
          return;
        }
        raw.write(p);
      }
    } finally {
      proposalLock.unlock();
    }
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
    sendProposal(); // a caller reading before writing must not wait for an answer never asked
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

  private void sendProposal() throws IOException {
    proposalLock.lock();
    try {
      byte[] p = proposal;
      if (p != null) {
        proposal = null;
        raw.write(p);
      }
    } finally {
      proposalLock.unlock();
    }
  }

  @Override
  public void closeWrite() throws IOException {
    sendProposal();
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
