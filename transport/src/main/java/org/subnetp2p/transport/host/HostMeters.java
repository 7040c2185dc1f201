package org.subnetp2p.transport.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;

/**
 * The host's meters in its registry ({@code HostConfig#meterRegistry}): connections and streams
 * open, opened and closed, bytes on the wire, and the gater's decisions at each stage. Recording
 * never blocks, so it may run on an event loop.
 */
final class HostMeters {
  /** Where the host asked the gater. */
  enum GaterStage {
    /** An inbound TCP connection, before any handshake. */
    ACCEPT,
    /** An outbound dial, before connecting. */
    DIAL,
    /** After the security handshake, the remote peer id known. */
    SECURED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Protocol ids are ours or our proposals, so few; this bounds them whatever happens. */
  private static final int MAX_PROTOCOL_LABELS = 64;

  private final MeterRegistry registry;
  private final Map<Direction, Counter> connectionsOpened = new EnumMap<>(Direction.class);
  private final Map<Direction, Map<CloseReason, Counter>> connectionsClosed =
      new EnumMap<>(Direction.class);
  private final Map<GaterStage, Counter> admitted = new EnumMap<>(GaterStage.class);
  private final Map<GaterStage, Counter> refused = new EnumMap<>(GaterStage.class);
  private final ByteCounter bytes;
  private final Counter acceptFailures;
  private final Map<Direction, Map<String, Counter>> streamsOpened = new EnumMap<>(Direction.class);

  HostMeters(NettyHost host, MeterRegistry registry) {
    this.registry = registry;
    for (Direction d : Direction.values()) {
      String direction = label(d);
      streamsOpened.put(d, new ConcurrentHashMap<>());
      Gauge.builder(
              "subnet.connections.open",
              host,
              h -> h.connections().stream().filter(c -> c.direction() == d).count())
          .description("Open connections, by who dialled.")
          .tag("direction", direction)
          .register(registry);
      connectionsOpened.put(
          d,
          Counter.builder("subnet.connections.opened")
              .description("Connections established (security and muxer negotiated).")
              .tag("direction", direction)
              .register(registry));
      // Every reason up front: a bounded set, and a rate of zero reads better than no series.
      Map<CloseReason, Counter> byReason = new IdentityHashMap<>();
      for (CloseReason reason : CloseReason.values()) {
        byReason.put(
            reason,
            Counter.builder("subnet.connections.closed")
                .description("Established connections that closed, by why.")
                .tags("direction", direction, "reason", reason.label())
                .register(registry));
      }
      connectionsClosed.put(d, byReason);
    }
    Gauge.builder(
            "subnet.streams.open",
            host,
            h -> h.connections().stream().mapToLong(Connection::streamCount).sum())
        .description("Open streams across all connections.")
        .register(registry);
    for (GaterStage stage : GaterStage.values()) {
      admitted.put(stage, gaterDecisions(stage, "admitted"));
      refused.put(stage, gaterDecisions(stage, "refused"));
    }
    acceptFailures =
        Counter.builder("subnet.connections.accept.failures")
            .description(
                "Inbound connections the listeners failed to accept (e.g. out of file descriptors).")
            .register(registry);
    bytes =
        new ByteCounter(
            Counter.builder("subnet.transport.received")
                .description("Bytes received on all connections, handshakes and framing included.")
                .baseUnit("bytes")
                .register(registry),
            Counter.builder("subnet.transport.sent")
                .description("Bytes sent on all connections, handshakes and framing included.")
                .baseUnit("bytes")
                .register(registry));
  }

  private Counter gaterDecisions(GaterStage stage, String decision) {
    return Counter.builder("subnet.gater.decisions")
        .description("The connection gater's decisions, by stage.")
        .tags("stage", stage.label(), "decision", decision)
        .register(registry);
  }

  private static String label(Direction d) {
    return d.name().toLowerCase(Locale.ROOT);
  }

  void connectionOpened(Direction d) {
    connectionsOpened.get(d).increment();
  }

  void connectionClosed(Direction d, CloseReason reason) {
    connectionsClosed.get(d).get(reason).increment();
  }

  /** A listener failed to accept a connection; see {@link AcceptBackoff}. */
  void acceptFailed() {
    acceptFailures.increment();
  }

  /** A stream negotiated {@code protocol}: one of ours (inbound) or one we proposed (outbound). */
  void streamOpened(String protocol, Direction d) {
    Map<String, Counter> byProtocol = streamsOpened.get(d);
    Counter c = byProtocol.get(protocol);
    if (c == null) {
      // Bounded all the same: past the limit, further protocols share one label value.
      String label = byProtocol.size() < MAX_PROTOCOL_LABELS ? protocol : "other";
      c =
          byProtocol.computeIfAbsent(
              label,
              p ->
                  Counter.builder("subnet.streams.opened")
                      .description("Streams opened, by negotiated protocol.")
                      .tags("protocol", p, "direction", label(d))
                      .register(registry));
    }
    c.increment();
  }

  /** Returns {@code admitted}, counted. */
  boolean gater(GaterStage stage, boolean isAdmitted) {
    (isAdmitted ? admitted : refused).get(stage).increment();
    return isAdmitted;
  }

  /** The first handler of every connection's pipeline: counts its bytes either way. */
  ChannelHandler byteCounter() {
    return bytes;
  }

  @ChannelHandler.Sharable
  private static final class ByteCounter extends ChannelDuplexHandler {
    private final Counter received;
    private final Counter sent;

    ByteCounter(Counter received, Counter sent) {
      this.received = received;
      this.sent = sent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      received.increment(size(msg));
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      sent.increment(size(msg));
      ctx.write(msg, promise);
    }

    private static int size(Object msg) {
      return switch (msg) {
        case ByteBuf b -> b.readableBytes();
        case ByteBufHolder h -> h.content().readableBytes();
        default -> 0;
      };
    }
  }
}
