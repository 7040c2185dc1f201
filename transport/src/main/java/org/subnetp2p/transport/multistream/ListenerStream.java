package org.subnetp2p.transport.multistream;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;

/**
 * A listener's stream under multistream-select that reads the dialer's messages in chunks and
 * answers them together. Bytes read past the negotiation are the protocol's: the handler reads them
 * first.
 *
 * <p>Answers wait until this side must wait for the dialer (a read that would block), so the
 * answers to a header and a proposal that arrived together leave together. The final answer, the
 * echo of the agreed protocol, is sent at once if the dialer sent nothing behind its proposal (it
 * may be waiting for it); if the dialer did send data behind it (optimistic selection: it does not
 * wait), the echo leaves with the handler's first write, its first read that has to wait, or the
 * close, so a request's whole response can be one write.
 *
 * <p>Safe for one reader and one writer thread at a time, like the stream it wraps.
 */
final class ListenerStream implements Stream {
  private static final int CHUNK = 4096;
  private static final byte[] NONE = new byte[0];

  private final Stream raw;
  private final ReentrantLock answerLock = new ReentrantLock();
  private byte[] answers = NONE; // guarded by answerLock: not yet written
  private volatile boolean answersPending;
  private String protocol;

  // Reader thread only: bytes read from raw and not yet consumed.
  private byte[] buffered = new byte[CHUNK];
  private int start;
  private int end;

  private ListenerStream(Stream raw) {
    this.raw = raw;
  }

  /**
   * Answers the dialer's proposals on {@code raw} until it picks one that {@code supported}
   * accepts, and returns the stream for that protocol's handler.
   */
  static ListenerStream accept(
      Stream raw, Predicate<String> supported, Supplier<Collection<String>> listing)
      throws IOException {
    ListenerStream stream = new ListenerStream(raw);
    stream.negotiate(new ListenerNegotiation(supported, listing));
    return stream;
  }

  private void negotiate(ListenerNegotiation negotiation) throws IOException {
    try {
      while (!negotiation.isDone()) {
        queue(negotiation.onMessage(nextMessage()));
      }
    } catch (MultistreamException e) {
      sendAnswersQuietly(); // e.g. our "na" to a proposal an optimistic dialer sent data behind
      throw e;
    }
    protocol = negotiation.selected();
    if (start == end) {
      buffered = null;
      sendAnswers(); // nothing behind the proposal: the dialer may be waiting for the echo
    }
  }

  /** The next whole message; reads more (after sending pending answers) while none is buffered. */
  private String nextMessage() throws IOException {
    while (true) {
      String message = parseMessage();
      if (message != null) {
        return message;
      }
      if (end == buffered.length) { // compact: a message never needs more than the chunk
        System.arraycopy(buffered, start, buffered, 0, end - start);
        end -= start;
        start = 0;
      }
      sendAnswers();
      int n = raw.read(buffered, end, buffered.length - end);
      if (n < 0) {
        throw new MultistreamException("stream closed during protocol negotiation");
      }
      end += n;
    }
  }

  /** A whole message from the buffer, consuming it, or null (nothing consumed) if incomplete. */
  private String parseMessage() throws MultistreamException {
    Varint.Decoder decoder = new Varint.Decoder();
    int i = start;
    try {
      while (true) {
        if (i == end) {
          return null;
        }
        if (decoder.accept(buffered[i++])) {
          break;
        }
      }
    } catch (VarintException e) {
      throw new MultistreamException("malformed multistream length prefix: " + e.getMessage());
    }
    long length = decoder.value();
    MultistreamMessages.requireAcceptableLength(length);
    if (end - i < length) {
      return null;
    }
    byte[] body = new byte[(int) length];
    System.arraycopy(buffered, i, body, 0, body.length);
    start = i + body.length;
    return MultistreamMessages.decodeBody(body);
  }

  private void queue(byte[] answer) {
    if (answer.length == 0) {
      return;
    }
    answerLock.lock();
    try {
      byte[] all = new byte[answers.length + answer.length];
      System.arraycopy(answers, 0, all, 0, answers.length);
      System.arraycopy(answer, 0, all, answers.length, answer.length);
      answers = all;
      answersPending = true;
    } finally {
      answerLock.unlock();
    }
  }

  /** Writes the pending answers, if any, in front of {@code data[off..off+len)}. */
  private boolean sendAnswersWith(byte[] data, int off, int len) throws IOException {
    answerLock.lock();
    try {
      if (!answersPending) {
        return false;
      }
      byte[] a = answers;
      answers = NONE;
      answersPending = false;
      byte[] all = new byte[a.length + len];
      System.arraycopy(a, 0, all, 0, a.length);
      System.arraycopy(data, off, all, a.length, len);
      raw.write(all); // under the lock: nothing may overtake the answers
      return true;
    } finally {
      answerLock.unlock();
    }
  }

  private void sendAnswers() throws IOException {
    if (answersPending) {
      sendAnswersWith(NONE, 0, 0);
    }
  }

  private void sendAnswersQuietly() {
    try {
      sendAnswers();
    } catch (IOException e) {
      // the stream is going away anyway
    }
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
  public int read(byte[] dst, int off, int len) throws IOException {
    byte[] b = buffered;
    if (b != null && start < end) {
      int n = Math.min(len, end - start);
      System.arraycopy(b, start, dst, off, n);
      start += n;
      if (start == end) {
        buffered = null;
      }
      return n;
    }
    sendAnswers(); // about to wait for the dialer, which may be waiting for us
    return raw.read(dst, off, len);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    if (answersPending && len <= 64 * 1024 && sendAnswersWith(src, off, len)) {
      return;
    }
    sendAnswers();
    raw.write(src, off, len);
  }

  @Override
  public void closeWrite() throws IOException {
    sendAnswers();
    raw.closeWrite();
  }

  @Override
  public void close() {
    sendAnswersQuietly();
    raw.close();
  }

  @Override
  public void reset() {
    raw.reset();
  }

  @Override
  public boolean isClosed() {
    return raw.isClosed();
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
  public String toString() {
    return "negotiated " + raw;
  }
}
