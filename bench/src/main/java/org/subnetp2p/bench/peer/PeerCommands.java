package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.subnetp2p.bench.fleet.ClientFleet;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.gossipsub.GossipSub;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.transport.host.NettyHost;

/**
 * The commands of the Java peer, named and shaped as the js peer's ({@code bench}, {@code perf},
 * {@code connsetup}, and the GossipSub ones of {@link GossipCommands}) plus three of its own for
 * the idle-connection memory benchmark: {@code connectmany}, {@code closemany} and {@code memory}.
 */
final class PeerCommands implements AutoCloseable {
  private final NettyHost host;
  private final TaskProtocol task;
  private final ClientFleet idle = new ClientFleet(); // connectmany's connections
  private final GossipCommands gossip;

  PeerCommands(NettyHost host, TaskProtocol task, GossipSub pubsub) {
    this.host = host;
    this.task = task;
    this.gossip = new GossipCommands(host, pubsub);
  }

  ObjectNode run(String cmd, JsonNode args) throws Exception {
    Duration timeout = Duration.ofMillis(args.path("timeoutMs").asLong(300_000));
    return switch (cmd) {
      case "bench" ->
          new ReqRespLoad(
                  task,
                  addr(args),
                  args.path("concurrency").asInt(64),
                  args.path("payloadBytes").asInt(64),
                  Duration.ofMillis(args.path("callTimeoutMs").asLong(10_000)))
              .run(args.path("calls").asInt(20_000), args.path("warmup").asInt(1_000), timeout);
      case "perf" ->
          PerfClient.run(
              host,
              addr(args),
              args.path("upload").asLong(0),
              args.path("download").asLong(0),
              timeout);
      case "connsetup" -> ConnSetup.run(addr(args), args.path("count").asInt(200), timeout);
      case "connectmany" ->
          connectMany(
              addr(args), args.path("count").asInt(1000), args.path("parallel").asInt(16), timeout);
      case "closemany" ->
          JsonLinesController.JSON.createObjectNode().put("closed", idle.closeAll());
      case "memory" -> MemoryProbe.measure(host);
      default -> {
        ObjectNode answer = gossip.run(cmd, args, timeout);
        if (answer == null) {
          throw new IllegalArgumentException("unknown command: " + cmd);
        }
        yield answer;
      }
    };
  }

  /** Opens {@code count} idle connections to {@code address}, {@code parallel} dials at a time. */
  private ObjectNode connectMany(Multiaddr address, int count, int parallel, Duration timeout)
      throws InterruptedException {
    ClientFleet.Opened opened = idle.open(List.of(address), count, parallel, timeout);
    return JsonLinesController.JSON
        .createObjectNode()
        .put("count", count)
        .put("succeeded", opened.succeeded())
        .put("firstError", opened.firstError())
        .put("elapsedMs", Percentiles.round3(opened.elapsedNanos() / 1e6));
  }

  private static Multiaddr addr(JsonNode args) {
    String text = args.path("addr").asText("");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("addr must be a multiaddr ending in /p2p/<peer id>");
    }
    return Multiaddr.parse(text);
  }

  @Override
  public void close() {
    idle.closeAll();
  }
}
