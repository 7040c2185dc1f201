package org.subnetp2p.transport.yamux;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Direction;

/**
 * The remote's frames, judged and dispatched on the event loop: data and window updates to their
 * streams, SYNs opening inbound streams (within the inbound limit), pings to the {@link KeepAlive},
 * GoAway to the session. This is where the remote is held to the protocol; a breach goes to {@link
 * YamuxSession#protocolError}, which ends the session.
 */
final class InboundFrames {
  private static final Logger log = LoggerFactory.getLogger(InboundFrames.class);

  private final YamuxSession session;
  private final StreamTable streams;
  private final KeepAlive keepAlive;
  private final Consumer<YamuxStream> inboundStreams;
  private final int maxInboundStreams;
  private final AtomicLong refused = new AtomicLong();

  InboundFrames(
      YamuxSession session,
      StreamTable streams,
      KeepAlive keepAlive,
      Consumer<YamuxStream> inboundStreams,
      int maxInboundStreams) {
    this.session = session;
    this.streams = streams;
    this.keepAlive = keepAlive;
    this.inboundStreams = inboundStreams;
    this.maxInboundStreams = maxInboundStreams;
  }

  /** Inbound streams refused with RST so far. */
  long refused() {
    return refused.get();
  }

  void dispatch(YamuxFrame frame) {
    switch (frame.type) {
      case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
      case PING -> onPing(frame);
      case GO_AWAY -> session.onGoAway(frame);
    }
  }

  /**
   * Judges a data frame by its header, before its payload is buffered: one beyond its stream's
   * window is a protocol error; the payload for a stream that is gone is skipped, never held.
   */
  YamuxFrameDecoder.Verdict admitData(int id, int flags, long length) {
    if (session.ended()) {
      return YamuxFrameDecoder.Verdict.DISCARD;
    }
    if ((flags & YamuxFrame.FLAG_SYN) != 0) {
      if (length > YamuxFrame.DEFAULT_WINDOW) {
        throw new YamuxProtocolException(
            "a SYN data frame of " + length + " bytes exceeds a new stream's 256 KiB window");
      }
      return YamuxFrameDecoder.Verdict.ACCEPT;
    }
    if (id == 0) {
      return YamuxFrameDecoder.Verdict.ACCEPT; // refused with the frame
    }
    YamuxStream stream = streams.get(id);
    if (stream == null) {
      if (streams.neverOpened(id)) {
        throw new YamuxProtocolException(
            "data frame for stream " + Integer.toUnsignedString(id) + ", which was never opened");
      }
      return YamuxFrameDecoder.Verdict.DISCARD; // finished or reset here: data in flight
    }
    if (!stream.admits(length)) {
      throw new YamuxProtocolException(
          "a data frame of "
              + length
              + " bytes on stream "
              + Integer.toUnsignedString(id)
              + " exceeds the window granted");
    }
    return YamuxFrameDecoder.Verdict.ACCEPT;
  }

  private void onStreamFrame(YamuxFrame frame) {
    int id = frame.streamId;
    if (id == 0) {
      frame.release();
      session.protocolError(frame.type + " frame on stream 0");
      return;
    }
    YamuxStream stream;
    boolean opened = frame.has(YamuxFrame.FLAG_SYN);
    if (opened) {
      stream = acceptInbound(id);
    } else {
      stream = streams.get(id);
      if (stream == null && streams.neverOpened(id)) {
        frame.release();
        session.protocolError(
            frame.type + " frame for stream " + Integer.toUnsignedString(id) + ", never opened");
        return;
      }
      // Otherwise the stream finished or was reset here: what the remote sent meanwhile is moot.
    }
    if (stream == null) {
      frame.release();
      return;
    }
    if (frame.has(YamuxFrame.FLAG_ACK)
        && stream.direction() == Direction.OUTBOUND
        && stream.markAcked()) {
      streams.acked();
      session.drainPendingOpens();
    }
    if (frame.type == YamuxFrame.Type.DATA) {
      if (!stream.onData(frame.data)) {
        session.protocolError(
            "a data frame of "
                + frame.length
                + " bytes on stream "
                + Integer.toUnsignedString(id)
                + " exceeds the window granted");
        return;
      }
    } else if (frame.length > 0 && !stream.onWindowUpdate(frame.length)) {
      session.protocolError(
          "a window update on stream "
              + Integer.toUnsignedString(id)
              + " grows its window past 2^32 - 1 bytes");
      return;
    }
    if (frame.has(YamuxFrame.FLAG_FIN)) {
      stream.onRemoteFin();
    }
    if (frame.has(YamuxFrame.FLAG_RST)) {
      stream.onRemoteReset();
    }
    if (opened) {
      deliver(stream);
    }
  }

  /** Registers and acknowledges a stream the remote opens; null if refused. */
  private YamuxStream acceptInbound(int id) {
    String breach = streams.takeInboundId(id);
    if (breach != null) {
      session.protocolError(breach);
      return null;
    }
    if (session.goingAway()) {
      session.respond(
          YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, id, 0); // see YamuxStream#afterReset
      return null;
    }
    if (streams.inboundOpen() >= maxInboundStreams) {
      refused.incrementAndGet();
      log.debug(
          "refusing yamux stream {} from {}: {} inbound streams already open",
          Integer.toUnsignedString(id),
          session.remote(),
          maxInboundStreams);
      session.respond(
          YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, id, 0); // see YamuxStream#afterReset
      return null;
    }
    YamuxStream stream = session.newStream(id, Direction.INBOUND);
    // The window raise may ride on the ACK: py-libp2p reads WINDOW_UPDATE|ACK as a plain window
    // update (only SYN makes it drop the length), as do go, js and rust.
    session.respond(
        YamuxFrame.Type.WINDOW_UPDATE,
        YamuxFrame.FLAG_ACK,
        id,
        stream.receiveWindowSize() - YamuxFrame.DEFAULT_WINDOW);
    return stream;
  }

  private void deliver(YamuxStream stream) {
    try {
      inboundStreams.accept(stream);
    } catch (RuntimeException e) {
      log.warn("inbound yamux stream handler failed for {}; resetting the stream", stream, e);
      stream.reset();
    }
  }

  private void onPing(YamuxFrame frame) {
    if (frame.has(YamuxFrame.FLAG_SYN)) {
      session.respond(YamuxFrame.Type.PING, YamuxFrame.FLAG_ACK, 0, frame.length);
    } else if (frame.has(YamuxFrame.FLAG_ACK)) {
      keepAlive.onPong((int) frame.length);
    }
  }
}
