package org.subnetp2p.transport.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport phase of a noise-libp2p connection: encrypts every outbound {@link ByteBuf} and
 * decrypts every inbound frame, each frame being a 2-byte big-endian length and a ChaCha20-Poly1305
 * ciphertext of at most 65535 bytes.
 *
 * <p>Outbound, a write of {@code n} bytes becomes {@code ceil(n / 65519)} frames (65519 = 65535
 * minus the 16-byte tag); an empty write sends nothing. Only {@code ByteBuf}s can be written.
 * Inbound, each frame's plaintext is passed on as one {@code ByteBuf} (empty frames are dropped). A
 * frame that does not decrypt, or that is shorter than a tag, closes the connection: the remote is
 * broken or an attacker is on the path, and Noise has no way to resynchronise.
 *
 * <p>{@link NoiseHandshakeHandler} installs it; it is created with the handshake's cipher states
 * and must stay on the channel's event loop, which keeps the nonces in wire order.
 */
public final class NoiseSecureCodec extends ChannelDuplexHandler {
  /** The largest plaintext of one frame. */
  static final int MAX_PLAINTEXT = HandshakeState.MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;

  private static final Logger log = LoggerFactory.getLogger(NoiseSecureCodec.class);
  private static final int LENGTH_PREFIX = 2;
  private static final int FRAME_OVERHEAD = LENGTH_PREFIX + CipherState.TAG_LENGTH;

  /** Frames per output buffer: bounds the extra memory of one large write to about 1 MiB. */
  private static final int FRAMES_PER_BUFFER = 16;

  private final CipherState sender;
  private final CipherState receiver;
  private ByteBuf partialFrame; // the start of a frame whose end has not arrived yet
  private boolean broken;

  NoiseSecureCodec(CipherState sender, CipherState receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (broken || (partialFrame != null && !completePartialFrame(ctx, in))) {
        return;
      }
      decryptFrames(ctx, in);
      if (!broken && in.isReadable() && !ctx.isRemoved()) {
        partialFrame = ctx.alloc().buffer(frameLength(in)).writeBytes(in);
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf in)) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(
          new IllegalArgumentException(
              "a Noise channel carries only ByteBufs, not " + msg.getClass().getName()));
      return;
    }
    try {
      if (!in.isReadable()) {
        ctx.write(Unpooled.EMPTY_BUFFER, promise);
      } else if (in.readableBytes() <= FRAMES_PER_BUFFER * MAX_PLAINTEXT) {
        ctx.write(encrypt(ctx, in, in.readableBytes()), promise);
      } else {
        PromiseCombiner writes = new PromiseCombiner(ctx.executor());
        while (in.isReadable()) {
          int chunk = Math.min(in.readableBytes(), FRAMES_PER_BUFFER * MAX_PLAINTEXT);
          writes.add(ctx.write(encrypt(ctx, in, chunk)));
        }
        writes.finish(promise);
      }
    } catch (NoiseException e) { // nonce exhaustion: the session is over
      promise.tryFailure(e);
      log.warn("closing Noise connection {}: {}", ctx.channel(), e.getMessage());
      ctx.close();
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePartialFrame();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePartialFrame();
  }

  /** Decrypts and passes on every complete frame of {@code in}, leaving a partial one unread. */
  private void decryptFrames(ChannelHandlerContext ctx, ByteBuf in) {
    while (!broken && in.readableBytes() >= LENGTH_PREFIX) {
      int start = in.readerIndex();
      int length = in.getUnsignedShort(start);
      if (in.readableBytes() < LENGTH_PREFIX + length) {
        return;
      }
      if (length < CipherState.TAG_LENGTH) {
        breakConnection(ctx, "frame of " + length + " bytes is shorter than its 16-byte tag");
        return;
      }
      int plaintextLength = length - CipherState.TAG_LENGTH;
      ByteBuf plaintext = ctx.alloc().buffer(plaintextLength);
      try {
        receiver.decrypt(
            nioBuffer(in, start + LENGTH_PREFIX, length), nioBuffer(plaintext, 0, plaintextLength));
      } catch (NoiseException e) {
        plaintext.release();
        breakConnection(ctx, e.getMessage());
        return;
      }
      plaintext.writerIndex(plaintextLength);
      in.readerIndex(start + LENGTH_PREFIX + length);
      if (plaintext.isReadable()) {
        ctx.fireChannelRead(plaintext);
      } else {
        plaintext.release();
      }
    }
  }

  /**
   * Moves bytes from {@code in} to the pending partial frame and decrypts it once it is whole.
   * Returns whether it was: only then can {@code in} hold more.
   */
  private boolean completePartialFrame(ChannelHandlerContext ctx, ByteBuf in) {
    if (partialFrame.readableBytes() < LENGTH_PREFIX) {
      partialFrame.writeBytes(
          in, Math.min(in.readableBytes(), LENGTH_PREFIX - partialFrame.readableBytes()));
    }
    if (partialFrame.readableBytes() >= LENGTH_PREFIX) {
      int missing = frameLength(partialFrame) - partialFrame.readableBytes();
      partialFrame.writeBytes(in, Math.min(in.readableBytes(), missing));
    }
    if (partialFrame.readableBytes() < frameLength(partialFrame)) {
      return false;
    }
    ByteBuf frame = partialFrame;
    partialFrame = null;
    try {
      decryptFrames(ctx, frame);
    } finally {
      frame.release();
    }
    return !broken;
  }

  /** The size of the frame starting at the reader index, or just its prefix if that is cut. */
  private static int frameLength(ByteBuf buf) {
    return buf.readableBytes() < LENGTH_PREFIX
        ? LENGTH_PREFIX
        : LENGTH_PREFIX + buf.getUnsignedShort(buf.readerIndex());
  }

  /** Encrypts {@code length} bytes of {@code in} into one buffer of consecutive frames. */
  private ByteBuf encrypt(ChannelHandlerContext ctx, ByteBuf in, int length) throws NoiseException {
    int frames = (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
    ByteBuf out = ctx.alloc().buffer(length + frames * FRAME_OVERHEAD);
    try {
      for (int left = length; left > 0; ) {
        int chunk = Math.min(left, MAX_PLAINTEXT);
        int ciphertextLength = chunk + CipherState.TAG_LENGTH;
        int at = out.writerIndex();
        out.writeShort(ciphertextLength);
        sender.encrypt(
            nioBuffer(in, in.readerIndex(), chunk),
            nioBuffer(out, at + LENGTH_PREFIX, ciphertextLength));
        out.writerIndex(at + LENGTH_PREFIX + ciphertextLength);
        in.skipBytes(chunk);
        left -= chunk;
      }
      return out;
    } catch (NoiseException | RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** A view of a region without copying, unless the buffer is a composite of several parts. */
  private static ByteBuffer nioBuffer(ByteBuf buf, int index, int length) {
    return buf.nioBufferCount() == 1
        ? buf.internalNioBuffer(index, length)
        : buf.nioBuffer(index, length);
  }

  private void breakConnection(ChannelHandlerContext ctx, String reason) {
    broken = true;
    log.warn("closing Noise connection {}: {}", ctx.channel(), reason);
    ctx.close();
  }

  private void releasePartialFrame() {
    if (partialFrame != null) {
      partialFrame.release();
      partialFrame = null;
    }
  }
}
