package org.subnetp2p.transport.yamux;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.host.Direction;

/**
 * A session's streams by id, and the counts that bound them: the id spaces of both sides (ids only
 * grow, so an id is either open, finished, or never used), the inbound streams open, and the
 * outbound ones the remote has not acknowledged. Written on the event loop only; the map may be
 * read from any thread.
 */
final class StreamTable {
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

  private final YamuxSession.Role role;
  private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
  private long nextStreamId;
  private long lastRemoteStreamId; // the highest id the remote opened, unsigned
  private int inboundOpen;
  private int unacked;

  StreamTable(YamuxSession.Role role) {
    this.role = role;
    this.nextStreamId = role == YamuxSession.Role.CLIENT ? 1 : 2;
  }

  YamuxStream get(int id) {
    return streams.get(id);
  }

  Collection<YamuxStream> values() {
    return streams.values();
  }

  int size() {
    return streams.size();
  }

  boolean isEmpty() {
    return streams.isEmpty();
  }

  int inboundCount() {
    return (int) streams.values().stream().filter(s -> s.direction() == Direction.INBOUND).count();
  }

  /** Whether no stream with {@code id} was ever opened, by either side. */
  boolean neverOpened(int id) {
    long unsigned = Integer.toUnsignedLong(id);
    boolean ours = (id & 1) == (role == YamuxSession.Role.CLIENT ? 1 : 0);
    return ours ? unsigned >= nextStreamId : unsigned > lastRemoteStreamId;
  }

  /** Whether this side has used up its id space. */
  boolean idsExhausted() {
    return nextStreamId > MAX_STREAM_ID;
  }

  /** The id for this side's next stream. */
  int takeOutboundId() {
    int id = (int) nextStreamId;
    nextStreamId += 2;
    return id;
  }

  /**
   * Takes {@code id} for a stream the remote opens; a protocol error message if the id is not the
   * remote's to open (wrong parity, or used before), else null.
   */
  String takeInboundId(int id) {
    boolean remoteParity = (id & 1) == (role == YamuxSession.Role.CLIENT ? 0 : 1);
    if (!remoteParity) {
      return "SYN for stream " + Integer.toUnsignedString(id) + " in this side's id space";
    }
    long unsigned = Integer.toUnsignedLong(id);
    if (unsigned <= lastRemoteStreamId) {
      // Ids only grow: an id seen before is open, or finished and must not come back.
      return "SYN for stream " + Integer.toUnsignedString(id) + ", an id already used";
    }
    lastRemoteStreamId = unsigned;
    return null;
  }

  /** Adds a new stream: inbound ones count toward the limit, outbound ones wait for an ACK. */
  void add(YamuxStream stream) {
    streams.put(stream.id(), stream);
    if (stream.direction() == Direction.INBOUND) {
      inboundOpen++;
    } else {
      unacked++;
    }
  }

  /** Removes a stream that is done; false if it was no longer in the table. */
  boolean remove(YamuxStream stream, boolean wasUnacked) {
    if (!streams.remove(stream.id(), stream)) {
      return false;
    }
    if (stream.direction() == Direction.INBOUND) {
      inboundOpen--;
    }
    if (wasUnacked) {
      unacked--;
    }
    return true;
  }

  int inboundOpen() {
    return inboundOpen;
  }

  /** An outbound stream was acknowledged: it leaves the backlog. */
  void acked() {
    unacked--;
  }

  int unacked() {
    return unacked;
  }

  /** Empties the table as a whole, the session having ended. */
  void clear() {
    streams.clear();
  }
}
