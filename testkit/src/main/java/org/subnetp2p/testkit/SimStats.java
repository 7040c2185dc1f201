package org.subnetp2p.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What crossed a {@link SimNetwork} so far: a snapshot taken by {@link SimNetwork#stats()}.
 *
 * @param dials connection attempts
 * @param connections connections established
 * @param streams streams opened, whatever became of them
 * @param bytes bytes written to streams
 * @param streamsByProtocol streams opened per negotiated protocol
 */
public record SimStats(
    long dials, long connections, long streams, long bytes, Map<String, Long> streamsByProtocol) {

  /** Copies the map. */
  public SimStats {
    streamsByProtocol = Map.copyOf(streamsByProtocol);
  }

  /** Streams opened for {@code protocol}. */
  public long streams(String protocol) {
    return streamsByProtocol.getOrDefault(protocol, 0L);
  }

  /** The counts of this snapshot minus those of {@code earlier}. */
  public SimStats minus(SimStats earlier) {
    Map<String, Long> byProtocol = new TreeMap<>(streamsByProtocol);
    earlier.streamsByProtocol.forEach((p, n) -> byProtocol.merge(p, -n, Long::sum));
    return new SimStats(
        dials - earlier.dials,
        connections - earlier.connections,
        streams - earlier.streams,
        bytes - earlier.bytes,
        byProtocol);
  }

  /** The live counters behind the snapshots. */
  static final class Counters {
    final LongAdder dials = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder streams = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final Map<String, LongAdder> streamsByProtocol = new ConcurrentHashMap<>();

    void streamOpened(String protocol) {
      streams.increment();
      streamsByProtocol.computeIfAbsent(protocol, p -> new LongAdder()).increment();
    }

    SimStats snapshot() {
      Map<String, Long> byProtocol = new TreeMap<>();
      streamsByProtocol.forEach((p, n) -> byProtocol.put(p, n.sum()));
      return new SimStats(dials.sum(), connections.sum(), streams.sum(), bytes.sum(), byProtocol);
    }
  }
}
