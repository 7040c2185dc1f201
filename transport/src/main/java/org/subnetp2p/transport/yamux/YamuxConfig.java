package org.subnetp2p.transport.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and tuning of a {@link YamuxSession}. Start from {@link #defaults()} or {@link
 * #builder()}.
 *
 * @param initialWindow receive window of a new stream; at least the spec's 256 KiB, any excess is
 *     announced with the SYN or ACK
 * @param maxReceiveWindow a stream's receive window grows up to this while its reader keeps up
 * @param maxSessionReceiveWindow windows stop growing once all streams' windows together reach
 *     this; every stream still gets its initial window
 * @param maxInboundStreams inbound streams open at once beyond this are refused with RST
 * @param maxAckBacklog outbound streams the remote has not acknowledged yet; further {@link
 *     YamuxSession#openStream()}s wait (the spec recommends 256)
 * @param maxFrameData largest payload of one data frame; the default keeps header plus payload
 *     within one Noise transport message (65519 bytes of plaintext)
 * @param keepAliveInterval sends a ping this often and closes the session when the previous one is
 *     still unanswered; {@link Duration#ZERO} disables keep-alive
 * @param writeBufferLowWaterMark the connection's outbound buffer must drain below this before
 *     blocked writers resume
 * @param writeBufferHighWaterMark writers block once the connection's outbound buffer exceeds this
 */
public record YamuxConfig(
    int initialWindow,
    int maxReceiveWindow,
    long maxSessionReceiveWindow,
    int maxInboundStreams,
    int maxAckBacklog,
    int maxFrameData,
    Duration keepAliveInterval,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark) {

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
    if (maxSessionReceiveWindow < maxReceiveWindow) {
      throw new IllegalArgumentException(
          "maxSessionReceiveWindow must be at least maxReceiveWindow");
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
    if (writeBufferLowWaterMark < 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException("need 0 <= writeBufferLowWaterMark <= high water mark");
    }
  }

  /** The defaults: 256 KiB initial and 16 MiB maximum window, 512 inbound streams. */
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
    private long maxSessionReceiveWindow = 256L * 1024 * 1024;
    private int maxInboundStreams = 512;
    private int maxAckBacklog = 256;
    private int maxFrameData = NOISE_MAX_PLAINTEXT - YamuxFrame.HEADER_LENGTH;
    private Duration keepAliveInterval = Duration.ZERO;
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

    /** Cap on the sum of all streams' receive windows for window growth. */
    public Builder maxSessionReceiveWindow(long bytes) {
      this.maxSessionReceiveWindow = bytes;
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
          maxSessionReceiveWindow,
          maxInboundStreams,
          maxAckBacklog,
          maxFrameData,
          keepAliveInterval,
          writeBufferLowWaterMark,
          writeBufferHighWaterMark);
    }
  }
}
