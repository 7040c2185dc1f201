package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.transport.interop.JsPeer;

/** Identity files: created once, reused, owner-only, and interchangeable with js-libp2p's. */
class IdentityIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String peerIdOf(String address) {
    return address.substring(address.lastIndexOf("/p2p/") + "/p2p/".length());
  }

  private String runOnce(String identity) throws Exception {
    try (NodeProcess node =
        NodeProcess.start(dir, "run", "--listen", "/ip4/127.0.0.1/tcp/0", "--identity", identity)) {
      String address = node.nextLine(LIMIT);
      node.terminate();
      assertThat(node.awaitExit(LIMIT)).as(node.describe()).isZero();
      return peerIdOf(address);
    }
  }

  private String id(String file) throws Exception {
    try (NodeProcess id = NodeProcess.start(dir, "id", file)) {
      assertThat(id.awaitExit(LIMIT)).as(id.describe()).isZero();
      assertThat(id.stdout()).hasSize(1);
      return id.stdout().get(0);
    }
  }

  @Test
  void thePeerIdSurvivesARestart() throws Exception {
    String first = runOnce("state/node.key");
    Path key = dir.resolve("state/node.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    // The form subnet-template reads: PrivateKey{Ed25519, the 32-byte seed}.
    assertThat(Files.readAllBytes(key)).hasSize(36).startsWith(0x08, 0x01, 0x12, 0x20);

    String second = runOnce("state/node.key");

    assertThat(second).isEqualTo(first).startsWith("12D3KooW");
    assertThat(id("state/node.key")).isEqualTo(first);
  }

  @Test
  void keygenWritesAnOwnerOnlyKeyThatIdReads() throws Exception {
    String generated;
    try (NodeProcess keygen = NodeProcess.start(dir, "keygen", "--out", "k.key")) {
      assertThat(keygen.awaitExit(LIMIT)).as(keygen.describe()).isZero();
      generated = keygen.stdout().get(0);
    }

    assertThat(generated).startsWith("12D3KooW");
    assertThat(Files.readAllBytes(dir.resolve("k.key"))).hasSize(36);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))))
        .isEqualTo("rw-------");
    assertThat(id("k.key")).isEqualTo(generated);
    try (NodeProcess again = NodeProcess.start(dir, "keygen", "--out", "k.key")) {
      assertThat(again.awaitExit(LIMIT)).isEqualTo(2);
      assertThat(again.errorLines())
          .containsExactly("error: identity file k.key already exists; refusing to overwrite it");
    }
  }

  @Test
  void keygenWritesTheLibp2pFormOnRequestAndJsLibp2pReadsIt() throws Exception {
    String generated;
    try (NodeProcess keygen =
        NodeProcess.start(dir, "keygen", "--out", "js.key", "--format", "libp2p")) {
      assertThat(keygen.awaitExit(LIMIT)).as(keygen.describe()).isZero();
      generated = keygen.stdout().get(0);
    }
    Path key = dir.resolve("js.key");
    assertThat(Files.readAllBytes(key)).hasSize(68).startsWith(0x08, 0x01, 0x12, 0x40);

    assertThat(JsPeer.tool("peerid", key.toString()).get("peerId").asText()).isEqualTo(generated);
    assertThat(id("js.key")).isEqualTo(generated);
    assertThat(runOnce("js.key")).isEqualTo(generated);
  }

  @Test
  void keygenRefusesAnUnknownFormat() throws Exception {
    try (NodeProcess keygen = NodeProcess.start(dir, "keygen", "--out", "k.key", "--format", "x")) {
      assertThat(keygen.awaitExit(LIMIT)).isEqualTo(2);
      assertThat(keygen.errorLines())
          .singleElement()
          .asString()
          .startsWith("error: Invalid value for option '--format': expected subnet or libp2p");
    }
    assertThat(dir.resolve("k.key")).doesNotExist();
  }

  @Test
  void anIdentityFileWrittenByJsLibp2pLoads() throws Exception {
    Path key = dir.resolve("js.key");
    String jsPeerId = JsPeer.tool("keygen", key.toString()).get("peerId").asText();

    assertThat(id("js.key")).isEqualTo(jsPeerId);
    assertThat(runOnce("js.key")).isEqualTo(jsPeerId);
  }
}
