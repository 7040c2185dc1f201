package org.subnetp2p.transport.multistream;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.subnetp2p.core.encoding.Varint;

/**
 * The listener's side of multistream-select as a pure state machine: answer the header, then echo
 * the first proposal it serves and answer "na" to the others.
 */
public final class ListenerNegotiation {
  /** Proposals refused before we give up on a dialer that keeps guessing. */
  static final int MAX_PROPOSALS = 64;

  private enum State {
    AWAIT_HEADER,
    AWAIT_PROPOSAL,
    SELECTED
  }

  private final Predicate<String> supported;
  private final Supplier<Collection<String>> listing;
  private State state = State.AWAIT_HEADER;
  private String selected;
  private int refused;

  /**
   * A negotiation that accepts what {@code supported} accepts, and answers "ls" with {@code
   * listing}.
   */
  public ListenerNegotiation(Predicate<String> supported, Supplier<Collection<String>> listing) {
    this.supported = supported;
    this.listing = listing;
  }

  /**
   * Takes the dialer's next message.
   *
   * @return bytes to send next, possibly empty
   * @throws MultistreamException if the dialer breaks the protocol
   */
  public byte[] onMessage(String message) throws MultistreamException {
    switch (state) {
      case AWAIT_HEADER -> {
        MultistreamMessages.requireHeader(message);
        state = State.AWAIT_PROPOSAL;
        return MultistreamMessages.encode(MultistreamMessages.HEADER);
      }
      case AWAIT_PROPOSAL -> {
        if (MultistreamMessages.LS.equals(message)) {
          return listResponse();
        }
        if (supported.test(message)) {
          selected = message;
          state = State.SELECTED;
          return MultistreamMessages.encode(message);
        }
        if (++refused > MAX_PROPOSALS) {
          throw new MultistreamException(
              "remote proposed more than " + MAX_PROPOSALS + " protocols");
        }
        return MultistreamMessages.encode(MultistreamMessages.NA);
      }
      default -> throw new MultistreamException("message after negotiation ended: " + message);
    }
  }

  private byte[] listResponse() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String p : listing.get()) {
      body.writeBytes(MultistreamMessages.encode(p));
    }
    body.write('\n');
    byte[] inner = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Varint.encode(inner.length));
    out.writeBytes(inner);
    return out.toByteArray();
  }

  /** Whether a protocol has been agreed. */
  public boolean isDone() {
    return state == State.SELECTED;
  }

  /** The agreed protocol, or {@code null}. */
  public String selected() {
    return selected;
  }
}
