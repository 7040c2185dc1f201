package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

/** {@code call} to peers that cannot answer: a non-zero exit within the deadline, never a hang. */
class CallFailureIT {
  @TempDir Path dir;

  private static String somePeer() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey()).toString();
  }

  @Test
  void aPeerThatIsDownFailsAtOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // free again once closed: nobody listens there
    }
    String target = "/ip4/127.0.0.1/tcp/" + port + "/p2p/" + somePeer();

    try (NodeProcess call =
        NodeProcess.start(
            dir, "call", target, "--task-id", "t", "--payload", "p", "--timeout", "5s")) {
      assertThat(call.awaitExit(Duration.ofSeconds(30))).as(call.describe()).isEqualTo(3);
      assertThat(call.errorLines())
          .containsExactly("error: cannot dial " + target + ": connection refused");
      assertThat(call.stdout()).isEmpty();
    }
  }

  @Test
  void aPeerThatNeverAnswersFailsAtTheDeadline() throws Exception {
    ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    // Accepts the TCP connection, then says nothing: the handshake can never finish.
    Thread acceptor =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                  } catch (IOException e) {
                    // closed at the end of the test
                  }
                });
    String target = "/ip4/127.0.0.1/tcp/" + silent.getLocalPort() + "/p2p/" + somePeer();

    try (NodeProcess call =
        NodeProcess.start(
            dir, "call", target, "--task-id", "t", "--payload", "p", "--timeout", "2s")) {
      assertThat(call.awaitExit(Duration.ofSeconds(30))).as(call.describe()).isEqualTo(3);
      assertThat(call.errorLines()).hasSize(1);
      // The call's own 2 s deadline ended it, not the host's 10 s dial limit. Checked through
      // the error, not the wall clock, which a loaded machine stretches.
      assertThat(call.errorLines().get(0))
          .startsWith("error: call to ")
          .contains("timed out after 2000 ms");
    } finally {
      silent.close();
      acceptor.join(Duration.ofSeconds(5));
    }
  }
}
