package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.subnetp2p.core.testing.EchoProtocol.bytes;

import com.google.protobuf.BytesValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.CallOptions;
import org.subnetp2p.core.protocol.CallPhase;
import org.subnetp2p.core.protocol.RequestTimeoutException;
import org.subnetp2p.core.testing.EchoProtocol;
import org.subnetp2p.core.testing.RequestResponseContractTest;
import org.subnetp2p.core.testing.TestPeers;

/**
 * The request/response template's contract (core's in-memory tests) over real TCP sockets with
 * Noise and Yamux: fragmentation, size limits, deadlines, resets, concurrency limits and waiting
 * queues as the network really delivers them.
 */
class TemplateOverTcpTest extends RequestResponseContractTest {
  private final TestHosts hosts = new TestHosts();

  @Override
  protected Host newHost() throws Exception {
    return hosts.start();
  }

  @AfterEach
  void closeHosts() {
    hosts.close();
  }

  /**
   * A server that closes the connection right after writing its response, as a short-lived peer
   * does, still answers: the caller reads the response that arrived before the connection ended.
   * Each call dials anew, the previous connection being gone.
   */
  @Test
  void aResponseWrittenJustBeforeTheServerClosesTheConnectionReachesTheCaller() throws Exception {
    server.setStreamHandler(
        EchoProtocol.ID,
        s -> {
          BytesValue request = BytesValue.parseDelimitedFrom(s.inputStream());
          s.write(framed(EchoProtocol.upperCase(null, request)));
          s.connection().close(); // no half-close, no waiting: the stream is still open
        });
    EchoProtocol caller = EchoProtocol.serve(client);

    for (int i = 0; i < 10; i++) {
      BytesValue response =
          caller.callRemote(serverAddress(), bytes("call " + i)).get(10, TimeUnit.SECONDS);
      assertThat(EchoProtocol.text(response)).isEqualTo("CALL " + i);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.connection(server.peerId()).isEmpty());
    }
  }

  @Test
  void aCallerThatGivesUpDoesNotFailTheOthersSharingItsDial() throws Exception {
    EchoProtocol caller = EchoProtocol.serve(client);
    List<Socket> accepted = new ArrayList<>();
    // Accepts TCP connections and never says a word: every dial to it hangs in the handshake.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (Exception e) {
                  // closed
                }
              });
      Multiaddr target =
          Multiaddr.parse("/ip4/127.0.0.1/tcp/" + silent.getLocalPort())
              .withPeerId(TestPeers.random());

      CompletableFuture<BytesValue> impatient =
          caller.callRemote(target, bytes("a"), CallOptions.withTimeout(Duration.ofMillis(300)));
      CompletableFuture<BytesValue> patient =
          caller.callRemote(target, bytes("b"), CallOptions.withTimeout(Duration.ofSeconds(3)));

      Throwable first = failureOf(impatient);
      Throwable second = failureOf(patient);

      assertThat(first).isInstanceOf(RequestTimeoutException.class);
      assertThat(((RequestTimeoutException) first).phase()).isEqualTo(CallPhase.DIALING);
      // Its own deadline or the host's handshake timeout, but a typed error: never the first
      // caller's cancellation.
      assertThat(second).isInstanceOf(P2PException.class);
      if (second instanceof RequestTimeoutException t) {
        assertThat(t).hasMessageContaining("3000 ms");
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
