package org.subnetp2p.transport.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;

/**
 * Runs the noise-libp2p handshake ({@code Noise_XX_25519_ChaChaPoly_SHA256}) on one connection,
 * then hands the connection over to a {@link NoiseSecureCodec}.
 *
 * <p>Add it where multistream-select has just agreed on {@code /noise}. Handshake messages travel
 * in frames of a 2-byte big-endian length and at most 65535 bytes of Noise message. The initiator
 * sends the first message as soon as the channel is active (at once if it already is). Each side
 * proves with its identity key that it owns its Noise static key: a {@link NoiseStaticIdentity}
 * shared by all of a host's connections, or a fresh one per handler.
 *
 * <p>On success, in this order and on the channel's event loop, the handler:
 *
 * <ol>
 *   <li>puts a {@link NoiseSecureCodec} named {@value #CODEC_NAME} directly after itself and
 *       removes itself, so that {@code [..., noise-handshake, app...]} becomes {@code [...,
 *       noise-codec, app...]};
 *   <li>completes {@link #session()} with the {@link SecureSession} (listeners that run then can
 *       already write, and can add handlers that will see the data below);
 *   <li>fires that {@link SecureSession} as a user event through the codec;
 *   <li>feeds the bytes it had already received beyond the last handshake message to the codec,
 *       which decrypts them and passes the plaintext on.
 * </ol>
 *
 * <p>On failure (timeout, malformed frame or message, failed decryption, invalid identity
 * signature, unexpected peer id, connection closed) it fails {@link #session()} with a {@link
 * NoiseHandshakeException} saying what happened, logs one line and closes the channel. Nothing may
 * be written through it meanwhile: such writes fail.
 */
public final class NoiseHandshakeHandler extends ChannelDuplexHandler {
  /** The name under which the codec replaces this handler. */
  public static final String CODEC_NAME = "noise-codec";

  private static final Logger log = LoggerFactory.getLogger(NoiseHandshakeHandler.class);
  private static final int LENGTH_PREFIX = 2;

  private final boolean initiator;
  private final NoiseStaticIdentity local;
  private final Optional<PeerId> expectedRemote;
  private final Duration timeout;
  private final CompletableFuture<SecureSession> session = new CompletableFuture<>();

  private HandshakeState handshake; // null until the channel is active
  private ByteBuf received; // bytes not yet consumed as frames
  private ScheduledFuture<?> timeoutTask;
  private boolean done;

  /**
   * A handler that offers no stream muxers as early data.
   *
   * @param initiator whether this side dialled the connection
   * @param identity this peer's identity key, which signs the Noise static key
   * @param expectedRemote the peer the dialer meant to reach; the handshake fails if the remote
   *     authenticates as another one. Empty to accept any peer (listeners).
   * @param timeout how long the whole handshake may take from the channel becoming active
   */
  public NoiseHandshakeHandler(
      boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote, Duration timeout) {
    this(initiator, identity, expectedRemote, timeout, List.of());
  }

  /**
   * A handler with a fresh static key that offers {@code localStreamMuxers} (protocol ids, most
   * preferred first) in the {@code stream_muxers} extension of its handshake payload.
   */
  public NoiseHandshakeHandler(
      boolean initiator,
      PrivateKey identity,
      Optional<PeerId> expectedRemote,
      Duration timeout,
      List<String> localStreamMuxers) {
    this(
        initiator,
        NoiseStaticIdentity.create(identity, localStreamMuxers),
        expectedRemote,
        timeout);
  }

  /**
   * A handler that authenticates with {@code local}, a static key and signed payload made once for
   * many connections.
   */
  public NoiseHandshakeHandler(
      boolean initiator,
      NoiseStaticIdentity local,
      Optional<PeerId> expectedRemote,
      Duration timeout) {
    this.initiator = initiator;
    this.local = Objects.requireNonNull(local, "local");
    this.expectedRemote = Objects.requireNonNull(expectedRemote, "expectedRemote");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** Completes with the authenticated remote, or fails with a {@link NoiseHandshakeException}. */
  public CompletableFuture<SecureSession> session() {
    return session;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (done || !(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg); // after a failure, or not bytes from the socket
      return;
    }
    if (handshake == null) {
      start(ctx); // data before channelActive: cannot happen on a socket, but be safe
    }
    if (received == null) {
      received = bytes;
    } else { // a frame split across reads: at most one frame and one read are copied
      ByteBuf merged = ctx.alloc().buffer(received.readableBytes() + bytes.readableBytes());
      merged.writeBytes(received).writeBytes(bytes);
      received.release();
      bytes.release();
      received = merged;
    }
    try {
      readFrames(ctx);
      if (received != null && !received.isReadable()) {
        releaseReceived();
      }
    } catch (NoiseException e) {
      fail(ctx, e instanceof NoiseHandshakeException h ? h : wrap(e));
    } catch (RuntimeException e) {
      fail(ctx, new NoiseHandshakeException("internal error: " + e, e));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!done && !ctx.channel().config().isAutoRead()) {
      ctx.read(); // the handshake needs the next message whatever the application's read policy
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, new NoiseHandshakeException("connection closed before the handshake completed"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (done) {
      ctx.fireExceptionCaught(cause);
    } else {
      fail(ctx, new NoiseHandshakeException("connection failed: " + cause, cause));
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    // Plaintext must never reach the wire: everything waits for the codec.
    ReferenceCountUtil.release(msg);
    promise.setFailure(
        new IllegalStateException("cannot write before the Noise handshake completes"));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (!done) {
      fail(ctx, new NoiseHandshakeException("handler removed before the handshake completed"));
    }
    releaseReceived();
  }

  private void start(ChannelHandlerContext ctx) {
    if (handshake != null || done) {
      return;
    }
    X25519KeyPair staticKey = local.staticKey();
    handshake =
        initiator ? HandshakeState.initiator(staticKey) : HandshakeState.responder(staticKey);
    timeoutTask =
        ctx.executor()
            .schedule(
                () ->
                    fail(
                        ctx,
                        new NoiseHandshakeException(
                            "timed out after " + timeout.toMillis() + " ms")),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    if (initiator) {
      try {
        send(ctx, handshake.writeMessage(new byte[0])); // -> e: no payload before secrecy
      } catch (NoiseException e) {
        fail(ctx, wrap(e));
        return;
      }
    }
    if (!ctx.channel().config().isAutoRead()) {
      ctx.read();
    }
  }

  private void readFrames(ChannelHandlerContext ctx) throws NoiseException {
    while (!done && received.readableBytes() >= LENGTH_PREFIX) {
      int length = received.getUnsignedShort(received.readerIndex());
      if (received.readableBytes() < LENGTH_PREFIX + length) {
        return; // at most 65535 more bytes: a frame is never larger
      }
      received.skipBytes(LENGTH_PREFIX);
      byte[] message = new byte[length];
      received.readBytes(message);
      onMessage(ctx, message);
    }
  }

  private void onMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
    int number = handshake.nextMessageNumber();
    byte[] payload;
    try {
      payload = handshake.readMessage(message);
    } catch (NoiseException e) {
      throw new NoiseHandshakeException(
          "invalid handshake message " + number + ": " + e.getMessage(), e);
    }
    if (initiator) { // read <- e, ee, s, es; write -> s, se
      SecureSession remote = authenticate(payload);
      send(ctx, handshake.writeMessage(localPayload()));
      succeed(ctx, remote);
    } else if (!handshake.isComplete()) { // read -> e; write <- e, ee, s, es
      send(ctx, handshake.writeMessage(localPayload()));
    } else { // read -> s, se
      succeed(ctx, authenticate(payload));
    }
  }

  private byte[] localPayload() {
    return local.payload();
  }

  private SecureSession authenticate(byte[] payload) throws NoiseHandshakeException {
    return HandshakePayload.verify(
        payload, handshake.remoteStaticKey(), expectedRemote, local.verified());
  }

  private void send(ChannelHandlerContext ctx, byte[] message) {
    ByteBuf frame = ctx.alloc().buffer(LENGTH_PREFIX + message.length);
    frame.writeShort(message.length).writeBytes(message);
    ctx.writeAndFlush(frame)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(
                    ctx,
                    new NoiseHandshakeException(
                        "could not send a handshake message: " + f.cause(), f.cause()));
              }
            });
  }

  private void succeed(ChannelHandlerContext ctx, SecureSession remote) {
    if (done) {
      return; // sending message 3 failed at once
    }
    NoiseSecureCodec codec =
        new NoiseSecureCodec(handshake.sendCipher(), handshake.receiveCipher());
    ctx.pipeline().addAfter(ctx.name(), CODEC_NAME, codec); // may throw: then we fail as usual
    done = true;
    timeoutTask.cancel(false);
    handshake = null;
    ByteBuf rest = received;
    received = null;
    // A removed context keeps forwarding to its old successor, which is now the codec.
    ctx.pipeline().remove(this);
    session.complete(remote);
    ctx.fireUserEventTriggered(remote);
    if (rest.isReadable()) {
      ctx.fireChannelRead(rest);
    } else {
      rest.release();
    }
  }

  private void fail(ChannelHandlerContext ctx, NoiseHandshakeException cause) {
    if (done) {
      return;
    }
    done = true;
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    handshake = null;
    releaseReceived();
    // Per connection attempt, and anyone can make one fail: DEBUG. The dialer's caller gets the
    // error itself.
    log.debug("Noise handshake failed on {}: {}", ctx.channel(), cause.getMessage());
    session.completeExceptionally(cause);
    ctx.close();
  }

  private void releaseReceived() {
    if (received != null) {
      received.release();
      received = null;
    }
  }

  private static NoiseHandshakeException wrap(NoiseException e) {
    return new NoiseHandshakeException(e.getMessage(), e);
  }
}
