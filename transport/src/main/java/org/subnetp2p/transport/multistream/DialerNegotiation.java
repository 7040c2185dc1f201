package org.subnetp2p.transport.multistream;

import java.util.List;

/**
 * The dialer's side of multistream-select as a pure state machine: propose protocols in order of
 * preference until the listener echoes one back. The header and the first proposal go out in one
 * packet, so a supported first choice costs a single round trip.
 */
public final class DialerNegotiation {
  private enum State {
    AWAIT_HEADER,
    AWAIT_ANSWER,
    SELECTED,
    REJECTED
  }

  private final List<String> protocols;
  private State state = State.AWAIT_HEADER;
  private int proposal;

  /** A negotiation proposing {@code protocols}, most preferred first. */
  public DialerNegotiation(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol must be proposed");
    }
    this.protocols = List.copyOf(protocols);
  }

  /** The bytes to send first: the header and the first proposal. */
  public byte[] start() {
    return MultistreamMessages.encode(MultistreamMessages.HEADER, protocols.get(0));
  }

  /**
   * Takes the listener's next message.
   *
   * @return bytes to send next, possibly empty
   * @throws MultistreamException if the listener breaks the protocol
   */
  public byte[] onMessage(String message) throws MultistreamException {
    switch (state) {
      case AWAIT_HEADER -> {
        MultistreamMessages.requireHeader(message);
        state = State.AWAIT_ANSWER;
        return new byte[0];
      }
      case AWAIT_ANSWER -> {
        if (protocols.get(proposal).equals(message)) {
          state = State.SELECTED;
          return new byte[0];
        }
        if (!MultistreamMessages.NA.equals(message)) {
          throw new MultistreamException(
              "remote answered \"" + message + "\" to \"" + protocols.get(proposal) + "\"");
        }
        proposal++;
        if (proposal == protocols.size()) {
          state = State.REJECTED;
          return new byte[0];
        }
        return MultistreamMessages.encode(protocols.get(proposal));
      }
      default -> throw new MultistreamException("message after negotiation ended: " + message);
    }
  }

  /** Whether negotiation has ended, with a protocol or with a refusal of all. */
  public boolean isDone() {
    return state == State.SELECTED || state == State.REJECTED;
  }

  /** The agreed protocol, or {@code null} if none (yet). */
  public String selected() {
    return state == State.SELECTED ? protocols.get(proposal) : null;
  }

  /** The protocols proposed. */
  public List<String> protocols() {
    return protocols;
  }
}
