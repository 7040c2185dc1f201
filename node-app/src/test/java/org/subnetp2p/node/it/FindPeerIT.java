package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

/**
 * {@code run --discovery dht}, {@code find-peer} and {@code call} by bare peer id, as separate
 * processes: the short-lived node knows only the seed, and the seed alone knows the target.
 */
class FindPeerIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration EXIT = Duration.ofSeconds(60);
  // Loopback is not a public address: the nodes must be told to serve the DHT.
  private static final Map<String, String> DHT_SERVER =
      Map.of("SUBNET_NODE_DISCOVERY_DHT_MODE", "server");

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses(() -> dir);

  private static String idOf(String address) {
    return address.substring(address.lastIndexOf("/p2p/") + 5);
  }

  /** A listening node serving the DHT; returns its address once it prints it. */
  private String dhtNode(String identity, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--identity",
                identity,
                "--discovery",
                "dht"));
    args.addAll(List.of(more));
    return processes.start(DHT_SERVER, args.toArray(String[]::new)).nextLine(START);
  }

  /**
   * A one-shot command that looks {@code peer} up through the DHT, joining through {@code seed}.
   */
  private NodeProcess viaDht(String command, String peer, String seed, String... more)
      throws IOException {
    List<String> args =
        new ArrayList<>(List.of(command, peer, "--bootstrap", seed, "--discovery", "dht"));
    args.addAll(List.of(more));
    return processes.start(Map.of(), args.toArray(String[]::new));
  }

  @Test
  void aPeerKnownOnlyToTheSeedIsFoundAndCalledByItsIdAlone() throws Exception {
    String seed = dhtNode("seed.key");
    String target = dhtNode("target.key", "--bootstrap", seed);

    NodeProcess find = viaDht("find-peer", idOf(target), seed);
    assertThat(find.awaitExit(EXIT)).as(find.describe()).isZero();
    NodeProcess call = viaDht("call", idOf(target), seed, "--task-id", "t1", "--payload", "by id");
    assertThat(call.awaitExit(EXIT)).as(call.describe()).isZero();

    assertThat(find.stdout()).containsExactly(target + " dht");
    assertThat(call.stdout()).containsExactly("accepted=true result=BY ID");
  }

  @Test
  void aPeerNobodyKnowsExitsThree() throws Exception {
    String seed = dhtNode("seed.key");
    String stranger = PeerId.fromPublicKey(Keys.generateEd25519().publicKey()).toString();

    NodeProcess find = viaDht("find-peer", stranger, seed);
    NodeProcess call = viaDht("call", stranger, seed, "--task-id", "t", "--payload", "p");

    assertThat(find.awaitExit(EXIT)).as(find.describe()).isEqualTo(3);
    assertThat(find.stdout()).isEmpty();
    assertThat(find.errorLines()).singleElement().asString().contains(stranger);
    assertThat(call.awaitExit(EXIT)).as(call.describe()).isEqualTo(3);
    assertThat(call.errorLines()).singleElement().asString().contains("address book, dht");
  }

  @Test
  void aMalformedPeerIdIsBadInput() throws Exception {
    NodeProcess find = processes.start(Map.of(), "find-peer", "not-a-peer-id");

    assertThat(find.awaitExit(EXIT)).isEqualTo(2);
    assertThat(find.errorLines()).singleElement().asString().contains("invalid peer id");
  }
}
