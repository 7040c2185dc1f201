package org.subnetp2p.transport.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and tuning of a {@link YamuxSession}. Start from {@link #defaults()} or {@link
 * #builder()}.
 *
 * @param initialWindow receive window of a new stream; at least the spec's 256 KiB, any excess is
 *     announced with the SYN or ACK
 * @param maxReceiveWindow a stream's receive window grows up to this while its reader keeps up and
 *     the connection's memory budget can pay for the growth
 * @param connectionMemory the most bytes the remote can make this session hold: data received and
 *     not yet read, plus every window grown beyond the spec's 256 KiB (reserved in full, so data
 *     within a granted window always fits). Data that does not fit resets its stream; the rest of
 *     the connection carries on
 * @param maxInboundStreams inbound streams open at once beyond this are refused with RST
 * @param maxAckBacklog outbound streams the remote has not acknowledged yet; further {@link
 *     YamuxSession#openStream()}s wait (the spec recommends 256)
 * @param maxFrameData largest payload of one data frame; the default keeps header plus payload
 *     within one Noise transport message (65519 bytes of plaintext)
 * @param keepAliveInterval sends a ping this often; {@link Duration#ZERO} disables keep-alive
 * @param keepAliveTimeout a keep-alive ping unanswered for this long closes the session: the peer
 *     is gone (powered off, partitioned) even though TCP has not noticed
 * @param writeBufferLowWaterMark the connection's outbound buffer must drain below this before
 *     blocked writers resume
 * @param writeBufferHighWaterMark writers block once the connection's outbound buffer exceeds this
 */
public record YamuxConfig(
    int initialWindow,
    int maxReceiveWindow,
    long connectionMemory,
    int maxInboundStreams,
    int maxAckBacklog,
    int maxFrameData,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark) {

  /** Memory one connection may hold by default: 16 MiB. */
  public static final long DEFAULT_CONNECTION_MEMORY = 16L * 1024 * 1024;

  /** Keep-alive pings by default every 30 s, as go-libp2p's yamux. */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);

  /** A keep-alive ping unanswered for 10 s by default ends the session, as go-libp2p's yamux. */
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

  /** The largest plaintext one Noise transport message carries. */
  static final int NOISE_MAX_PLAINTEXT = 65519;

  /** Validates the config. */
  public YamuxConfig {
    if (initialWindow < YamuxFrame.DEFAULT_WINDOW) {
      throw new IllegalArgumentException("initialWindow must be at least 256 KiB");
    }
    if (maxReceiveWindow < initialWindow) {
      throw new IllegalArgumentException("maxReceiveWindow must be at least initialWindow");
    }
    if (connectionMemory < 1) {
      throw new IllegalArgumentException("connectionMemory must be positive");
    }
    if (maxInboundStreams < 1 || maxAckBacklog < 1) {
      throw new IllegalArgumentException("stream limits must be at least 1");
    }
    if (maxFrameData < 1) {
      throw new IllegalArgumentException("maxFrameData must be positive");
    }
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    if (keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval must not be negative");
    }
    Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
    if (keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
      throw new IllegalArgumentException("keepAliveTimeout must be positive");
    }
    if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException("need 0 <= writeBufferLowWaterMark <= high water mark");
    }
  }

  /**
   * The defaults: 256 KiB initial and 16 MiB maximum window, 16 MiB of memory per connection, 512
   * inbound streams, a keep-alive ping every 30 s answered within 10 s.
   */
  public static YamuxConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link YamuxConfig}; every setter is optional. */
  public static final class Builder {
    private int initialWindow = YamuxFrame.DEFAULT_WINDOW;
    private int maxReceiveWindow = 16 * 1024 * 1024;
    private long connectionMemory = DEFAULT_CONNECTION_MEMORY;
    private int maxInboundStreams = 512;
    private int maxAckBacklog = 256;
    private int maxFrameData = NOISE_MAX_PLAINTEXT - YamuxFrame.HEADER_LENGTH;
    private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private int writeBufferLowWaterMark = 512 * 1024;
    private int writeBufferHighWaterMark = 2 * 1024 * 1024;

    private Builder() {}

    /** Receive window of a new stream. */
    public Builder initialWindow(int bytes) {
      this.initialWindow = bytes;
      return this;
    }

    /** Largest receive window of one stream. */
    public Builder maxReceiveWindow(int bytes) {
      this.maxReceiveWindow = bytes;
      return this;
    }

    /** The most memory the remote can make the session hold. */
    public Builder connectionMemory(long bytes) {
      this.connectionMemory = bytes;
      return this;
    }

    /** Inbound streams open at once beyond this are refused. */
    public Builder maxInboundStreams(int max) {
      this.maxInboundStreams = max;
      return this;
    }

    /** Unacknowledged outbound streams beyond this make {@code openStream} wait. */
    public Builder maxAckBacklog(int max) {
      this.maxAckBacklog = max;
      return this;
    }

    /** Largest payload of one data frame. */
    public Builder maxFrameData(int bytes) {
      this.maxFrameData = bytes;
      return this;
    }

    /** Keep-alive ping interval; zero disables. */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = interval;
      return this;
    }

    /** How long a keep-alive ping may go unanswered. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = timeout;
      return this;
    }

    /** The connection's write-buffer water marks, which make writers block. */
    public Builder writeBufferWaterMarks(int low, int high) {
      this.writeBufferLowWaterMark = low;
      this.writeBufferHighWaterMark = high;
      return this;
    }

    /** The config. */
    public YamuxConfig build() {
      return new YamuxConfig(
          initialWindow,
          maxReceiveWindow,
          connectionMemory,
          maxInboundStreams,
          maxAckBacklog,
          maxFrameData,
          keepAliveInterval,
          keepAliveTimeout,
          writeBufferLowWaterMark,
          writeBufferHighWaterMark);
    }
  }
}
