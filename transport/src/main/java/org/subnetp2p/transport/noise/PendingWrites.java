package org.subnetp2p.transport.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plaintext written to a {@link NoiseSecureCodec} since its last flush, with the writes' promises:
 * what one round of encryption turns into consecutive frames. Event loop only.
 */
final class PendingWrites {
  private final ArrayDeque<ByteBuf> buffers = new ArrayDeque<>();
  private final List<ChannelPromise> promises = new ArrayList<>();
  private int bytes;
  private ByteBuffer[] views = new ByteBuffer[4];
  private int lastTaken;

  void add(ByteBuf buf, ChannelPromise promise) {
    buffers.add(buf);
    bytes += buf.readableBytes();
    if (!promise.isVoid()) {
      promises.add(promise);
    }
  }

  boolean isEmpty() {
    return buffers.isEmpty();
  }

  /** Plaintext bytes not yet taken. */
  int bytes() {
    return bytes;
  }

  /** Writes still holding bytes: at most this many frames start at a write boundary. */
  int bufferCount() {
    return buffers.size();
  }

  /**
   * Points {@link #views()} at the plaintext of the next frame, consuming it, and returns how many
   * views that took. The frame takes whole writes while they fit in {@code max} bytes, and splits a
   * write only if it alone exceeds the room of an empty frame: a Yamux frame that fits in one Noise
   * frame stays in one, so the receiver finds it whole and need not copy it together. The views
   * stay valid until the next call; {@link #lastTaken()} is their length.
   */
  int take(int max) {
    Arrays.fill(views, null);
    int parts = 0;
    int taken = 0;
    for (ByteBuf b : buffers) {
      int r = b.readableBytes();
      if (r == 0) {
        continue;
      }
      int n;
      if (taken + r <= max) {
        n = r;
      } else if (taken == 0) {
        n = max; // a write larger than a frame: split it
      } else {
        break; // starts the next frame
      }
      if (parts == views.length) {
        views = Arrays.copyOf(views, parts * 2);
      }
      // A fresh view each: slices of one buffer would share its internal view.
      views[parts++] = b.nioBuffer(b.readerIndex(), n);
      b.skipBytes(n);
      taken += n;
      if (taken == max) {
        break;
      }
    }
    bytes -= taken;
    lastTaken = taken;
    return parts;
  }

  /** The plaintext length of the frame the last {@link #take} delimited. */
  int lastTaken() {
    return lastTaken;
  }

  /** The views set by the last {@link #take}. */
  ByteBuffer[] views() {
    return views;
  }

  /**
   * One promise that completes the promises of all writes here: what the output buffers carrying
   * them are written with.
   */
  ChannelPromise promise(ChannelHandlerContext ctx) {
    if (promises.isEmpty()) {
      return ctx.voidPromise();
    }
    if (promises.size() == 1) {
      return promises.get(0);
    }
    ChannelPromise[] all = promises.toArray(ChannelPromise[]::new);
    ChannelPromise combined = ctx.newPromise();
    combined.addListener(
        f -> {
          for (ChannelPromise p : all) {
            if (f.isSuccess()) {
              p.trySuccess();
            } else {
              p.tryFailure(f.cause());
            }
          }
        });
    return combined;
  }

  /** Releases the buffers; the promises are the caller's to complete (see {@link #promise}). */
  void release() {
    ByteBuf b;
    while ((b = buffers.poll()) != null) {
      b.release();
    }
    Arrays.fill(views, null);
    bytes = 0;
  }

  /** Releases the buffers and fails every write. */
  void fail(Throwable cause) {
    release();
    for (ChannelPromise p : promises) {
      p.tryFailure(cause);
    }
    promises.clear();
  }
}
