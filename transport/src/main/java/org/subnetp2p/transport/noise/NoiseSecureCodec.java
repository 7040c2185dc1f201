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
 * <p>Outbound, writes are held until the next flush, then encrypted together: the writes between
 * two flushes are packed into frames of at most 65519 bytes of plaintext (65535 minus the 16-byte
 * tag), so a burst of small writes costs one frame and one socket write. A frame ends early rather
 * than split a write that would fit in the next one, and a write larger than a frame is split into
 * full frames. An empty write sends nothing. Only {@code ByteBuf}s can be written. Inbound, each
 * frame's plaintext is passed on as one {@code ByteBuf} (empty frames are dropped). A frame that
 * does not decrypt, or that is shorter than a tag, closes the connection: the remote is broken or
 * an attacker is on the path, and Noise has no way to resynchronise.
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

  /**
   * Unflushed plaintext beyond this is encrypted without waiting for the flush, and no output
   * buffer holds more: four full frames, 256 KiB, well within what Netty's adaptive allocator pools
   * (a buffer of 1 MiB falls back to a fresh, zeroed allocation every time).
   */
  private static final int MAX_PENDING = 4 * MAX_PLAINTEXT;

  private final CipherState sender;
  private final CipherState receiver;
  private ByteBuf partialFrame; // the start of a frame whose end has not arrived yet
  private boolean broken;

  private PendingWrites pending = new PendingWrites(); // written since the last flush
  private boolean encrypting; // inside encryptPending: writes and flushes it causes wait for it
  private boolean flushWhileEncrypting;

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
    if (broken) {
      in.release();
      promise.setFailure(new NoiseException("the Noise session is over"));
      return;
    }
    pending.add(in, promise);
    if (pending.bytes() >= MAX_PENDING) {
      encryptPending(ctx); // bounds what one burst of writes holds before the flush
    }
  }

  /**
   * Encrypts everything written since the last flush as consecutive frames, each as full as the
   * limit allows, so that several small writes (e.g. the Yamux frames of one request) cost one
   * encryption, one frame and one socket write instead of one each.
   */
  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (encrypting) { // e.g. a handler reacting to writability while we pass a buffer on
      flushWhileEncrypting = true;
      return;
    }
    encryptPending(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    encryptPending(ctx); // what was written before close() still goes out, as without buffering
    ctx.flush();
    ctx.close(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePartialFrame();
    pending.fail(new NoiseException("connection closed before the data was sent"));
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePartialFrame();
    pending.fail(new NoiseException("Noise codec removed before the data was sent"));
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
      // On the heap: the JDK's cipher then decrypts straight into it, without a temporary array.
      ByteBuf plaintext = ctx.alloc().heapBuffer(plaintextLength);
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

  /**
   * Encrypts the pending writes into buffers of consecutive frames and passes them on, in order.
   * Passing a buffer on can run other handlers, which may write or flush again: their writes join
   * the next batch of this loop, so the frames leave in nonce order.
   */
  private void encryptPending(ChannelHandlerContext ctx) {
    if (encrypting) {
      return;
    }
    encrypting = true;
    boolean ok = true;
    try {
      while (ok && !pending.isEmpty()) {
        PendingWrites batch = pending;
        pending = new PendingWrites();
        ok = writeBatch(ctx, batch);
      }
    } finally {
      encrypting = false;
    }
    if (flushWhileEncrypting) {
      flushWhileEncrypting = false;
      if (ok) {
        ctx.flush();
      }
    }
  }

  /** Encrypts and passes on one batch; false if the session broke. */
  private boolean writeBatch(ChannelHandlerContext ctx, PendingWrites batch) {
    ChannelPromise promise = batch.promise(ctx);
    if (batch.bytes() == 0) { // only empty writes: nothing to send, as ever
      batch.release();
      ctx.write(Unpooled.EMPTY_BUFFER, promise);
      return true;
    }
    try {
      if (batch.bytes() <= MAX_PENDING) {
        ByteBuf out = encrypt(ctx, batch, batch.bytes());
        batch.release();
        ctx.write(out, promise);
      } else { // one huge write: output buffers of at most MAX_PENDING each
        PromiseCombiner writes = new PromiseCombiner(ctx.executor());
        while (batch.bytes() > 0) {
          writes.add(ctx.write(encrypt(ctx, batch, Math.min(batch.bytes(), MAX_PENDING))));
        }
        batch.release();
        writes.finish(promise);
      }
      return true;
    } catch (NoiseException | RuntimeException e) { // nonce exhaustion: the session is over
      batch.release();
      promise.tryFailure(e);
      pending.fail(e);
      broken = true;
      log.warn("closing Noise connection {}: {}", ctx.channel(), e.getMessage());
      ctx.close();
      return false;
    }
  }

  /**
   * Encrypts at least the next {@code length} bytes of {@code batch} (more if the last frame ends
   * beyond) into a buffer of frames.
   */
  private ByteBuf encrypt(ChannelHandlerContext ctx, PendingWrites batch, int length)
      throws NoiseException {
    // Full frames, plus at most one cut short per write; the buffer grows if that guess is low.
    int frames = (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT + Math.min(batch.bufferCount(), 16);
    ByteBuf out = ctx.alloc().buffer(length + frames * FRAME_OVERHEAD);
    try {
      for (int left = length; left > 0 && batch.bytes() > 0; ) {
        int parts = batch.take(MAX_PLAINTEXT);
        int chunk = batch.lastTaken();
        int ciphertextLength = chunk + CipherState.TAG_LENGTH;
        out.ensureWritable(LENGTH_PREFIX + ciphertextLength);
        int at = out.writerIndex();
        out.writeShort(ciphertextLength);
        ByteBuffer target = nioBuffer(out, at + LENGTH_PREFIX, ciphertextLength);
        if (parts == 1) {
          sender.encrypt(batch.views()[0], target);
        } else {
          sender.encrypt(batch.views(), parts, target);
        }
        out.writerIndex(at + LENGTH_PREFIX + ciphertextLength);
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
