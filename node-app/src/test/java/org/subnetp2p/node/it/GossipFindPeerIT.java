package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with its default discoveries ({@code dht,gossip}, a 20 s heartbeat), and {@code
 * find-peer} and {@code call} by bare peer id through the gossip discovery: the short-lived node
 * knows only the seed and learns the subnet from the seed's DAG inventory at once, long before any
 * heartbeat round.
 */
class GossipFindPeerIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses(() -> dir);

  private static String idOf(String address) {
    return address.substring(address.lastIndexOf("/p2p/") + 5);
  }

  @Test
  void aPeerAnnouncedByHeartbeatIsFoundAndCalledByItsIdAlone() throws Exception {
    // No --discovery: the default dht,gossip, each node serving the DHT on loopback.
    String seed =
        processes
            .start("run", "--listen", "/ip4/127.0.0.1/tcp/0", "--identity", "seed.key")
            .nextLine(START);
    String target =
        processes
            .start(
                "run",
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--identity",
                "target.key",
                "--bootstrap",
                seed)
            .nextLine(START);

    NodeProcess find =
        processes.start("find-peer", idOf(target), "--bootstrap", seed, "--discovery", "gossip");
    assertThat(find.awaitExit(EXIT)).as(find.describe()).isZero();
    NodeProcess call =
        processes.start(
            "call",
            idOf(target),
            "--bootstrap",
            seed,
            "--discovery",
            "gossip",
            "--task-id",
            "t1",
            "--payload",
            "by heartbeat");
    assertThat(call.awaitExit(EXIT)).as(call.describe()).isZero();
    NodeProcess byDefault = processes.start("find-peer", idOf(target), "--bootstrap", seed);
    assertThat(byDefault.awaitExit(EXIT)).as(byDefault.describe()).isZero();

    assertThat(find.stdout()).containsExactly(target + " gossip");
    assertThat(call.stdout()).containsExactly("accepted=true result=BY HEARTBEAT");
    // dht,gossip by default: the gossip cache is asked first, being the cheaper.
    assertThat(byDefault.stdout()).containsExactly(target + " gossip");
  }
}
