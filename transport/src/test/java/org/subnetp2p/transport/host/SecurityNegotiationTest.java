package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.multistream.ListenerNegotiation;
import org.subnetp2p.transport.multistream.MultistreamMessages;
import org.subnetp2p.transport.protocols.PingService;

/**
 * The dialer proposes its security protocols in order, over real TCP: a listener that offers only
 * {@code /pos-transport/1.0.0} (as a default subnet-template node does, with {@code /secio/1.0.0})
 * is reached on the second proposal, one that offers neither is a clear dial error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityNegotiationTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeHosts() {
    hosts.close();
  }

  @Test
  void theDefaultDialerReachesAListenerThatOffersOnlyPosTransport() throws Exception {
    NettyHost listener = hosts.start(b -> b.securityProtocols(List.of("/pos-transport/1.0.0")));
    NettyHost dialer = hosts.start();
    assertThat(dialer.config().securityProtocols())
        .containsExactly("/noise", "/pos-transport/1.0.0");

    Connection c =
        dialer
            .connect(listener.dialableAddresses().get(0))
            .get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(listener.peerId());
    assertThat(PingService.ping(dialer, listener.peerId(), LIMIT)).isPositive();
  }

  @Test
  void aPosTransportOnlyDialerReachesADefaultListener() throws Exception {
    NettyHost listener = hosts.start();
    NettyHost dialer = hosts.start(b -> b.securityProtocols(List.of("/pos-transport/1.0.0")));

    Connection c =
        dialer
            .connect(listener.dialableAddresses().get(0))
            .get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(listener.peerId());
    // The listener records the connection a moment after the dialer's connect completes (seen
    // in CI: the ping found no connection, and no address to dial).
    Awaitility.await("the listener's connection")
        .atMost(LIMIT)
        .until(() -> listener.connection(dialer.peerId()).isPresent());
    assertThat(PingService.ping(listener, dialer.peerId(), LIMIT)).isPositive();
  }

  /** What a subnet-template node does to a dialer without stake: close right after Noise. */
  @Test
  void aPosTransportListenerThatClosesAfterTheHandshakeGetsAHintAboutStake() throws Exception {
    NettyHost listener =
        hosts.start(
            b ->
                b.securityProtocols(List.of("/pos-transport/1.0.0"))
                    .gater((peer, direction) -> false));
    NettyHost dialer = hosts.start();

    assertThatThrownBy(
            () ->
                dialer
                    .connect(listener.dialableAddresses().get(0))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining("closed")
        .hasMessageEndingWith(
            "(a subnet-template node closes a connection right after the /pos-transport/1.0.0"
                + " handshake when the dialer's peer id is not staked in its subnet)");
  }

  @Test
  void aListenerThatOffersNeitherIsADialErrorNamingWhatWasProposed() throws Exception {
    NettyHost dialer = hosts.start();
    try (SecioOnlyListener secio = new SecioOnlyListener()) {
      PeerId someone = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
      Multiaddr address =
          Multiaddr.parse("/ip4/127.0.0.1/tcp/" + secio.port() + "/p2p/" + someone.toBase58());

      assertThatThrownBy(() -> dialer.connect(address).get(LIMIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(DialException.class)
          .hasMessageContaining("supports none of the security protocols proposed")
          .hasMessageEndingWith("/noise, /pos-transport/1.0.0");
      assertThat(secio.proposals().get(LIMIT.toSeconds(), TimeUnit.SECONDS))
          .containsExactly("/noise", "/pos-transport/1.0.0");
    }
    assertThat(dialer.connections()).isEmpty();
  }

  @Test
  void theHostProviderRefusesProtocolsThisTransportDoesNotSpeak() {
    HostConfig.Builder base = HostConfig.builder(Keys.generateEd25519());
    assertThatThrownBy(
            () ->
                Hosts.create(
                    "netty", base.securityProtocols(List.of("/noise", "/tls/1.0.0")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "security protocol \"/tls/1.0.0\" is not supported by the netty host; supported:"
                + " /noise, /pos-transport/1.0.0");
    assertThatThrownBy(
            () ->
                Hosts.create(
                    "netty",
                    HostConfig.builder(Keys.generateEd25519())
                        .muxerProtocols(List.of("/mplex/6.7.0"))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "stream muxer \"/mplex/6.7.0\" is not supported by the netty host; supported:"
                + " /yamux/1.0.0");
  }

  /**
   * A listener speaking only multistream-select, offering only {@code /secio/1.0.0}: it answers
   * {@code na} to anything else, recording each proposal, until the dialer hangs up.
   */
  private static final class SecioOnlyListener implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CompletableFuture<List<String>> proposals = new CompletableFuture<>();

    SecioOnlyListener() throws IOException {
      Thread.ofVirtual().name("secio-only listener").start(this::serveOne);
    }

    int port() {
      return server.getLocalPort();
    }

    /** The protocols proposed, complete once the dialer has closed the connection. */
    CompletableFuture<List<String>> proposals() {
      return proposals;
    }

    private void serveOne() {
      List<String> seen = new CopyOnWriteArrayList<>();
      ListenerNegotiation negotiation =
          new ListenerNegotiation("/secio/1.0.0"::equals, () -> List.of("/secio/1.0.0"));
      try (Socket socket = server.accept()) {
        socket.setSoTimeout((int) LIMIT.toMillis());
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        for (String message = readMessage(in); message != null; message = readMessage(in)) {
          if (!message.equals(MultistreamMessages.HEADER)) {
            seen.add(message);
          }
          out.write(negotiation.onMessage(message));
          out.flush();
        }
        proposals.complete(List.copyOf(seen));
      } catch (Exception e) {
        proposals.completeExceptionally(e);
      }
    }

    /** One message (a one-byte varint length suffices here), or null at the end of the stream. */
    private static String readMessage(InputStream in) throws IOException {
      int length = in.read();
      if (length < 0) {
        return null;
      }
      if (length >= 0x80) {
        throw new IOException("message longer than this test listener expects");
      }
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        return null;
      }
      try {
        return MultistreamMessages.decodeBody(body);
      } catch (Exception e) {
        throw new IOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
