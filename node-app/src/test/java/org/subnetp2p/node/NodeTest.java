package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.node.testing.TestNodes;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

class NodeTest {
  private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  @RegisterExtension final TestNodes nodes = new TestNodes();

  private static NodeConfig.Builder loopback() {
    return NodeConfig.builder().listen(List.of(LOOPBACK));
  }

  /**
   * Returns once {@code condition} holds; fails the test naming {@code what} after {@code limit}.
   */
  private static void await(String what, Duration limit, BooleanSupplier condition) {
    Awaitility.await(what).atMost(limit).until(condition::getAsBoolean);
  }

  @Test
  void assemblesTheSelectedProvidersAndCallsAPeerItBootstrappedTo() throws Exception {
    Node first = nodes.create(loopback().build());
    first.start();
    Node second = nodes.create(loopback().bootstrap(first.host().dialableAddresses()).build());
    second.start();

    await(
        "the bootstrap connection",
        Duration.ofSeconds(10),
        () -> second.host().connection(first.peerId()).isPresent());
    TaskResponse response =
        second
            .protocol(TaskProtocol.class)
            .callRemote(
                first.host().dialableAddresses().get(0), "t1", ByteString.copyFromUtf8("hi"))
            .get(10, TimeUnit.SECONDS);

    assertThat(response.getResult().toStringUtf8()).isEqualTo("HI");
    assertThat(first.protocols()).containsOnlyKeys("task");
    assertThat(second.host().addressBook().entries(first.peerId())).isNotEmpty();
  }

  @Test
  void bootstrapPeersAreDialledAgainWhenNoneIsConnected() throws Exception {
    Node first = nodes.create(loopback().build());
    first.start();
    Node second = nodes.create(loopback().bootstrap(first.host().dialableAddresses()).build());
    second.start();
    await(
        "the bootstrap connection",
        Duration.ofSeconds(10),
        () -> first.host().connection(second.peerId()).isPresent());
    Connection original = first.host().connection(second.peerId()).orElseThrow();

    original.close().get(10, TimeUnit.SECONDS); // the bootstrap peer drops us

    await(
        "a new bootstrap connection",
        Duration.ofSeconds(30),
        () ->
            second
                .host()
                .connection(first.peerId())
                .filter(c -> !c.localAddress().equals(original.remoteAddress()))
                .isPresent());
  }

  @Test
  void aBootstrapPeerThatComesUpLaterIsReachedByTheRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
    PrivateKey key = Keys.generateEd25519();
    PeerId id = PeerId.fromPublicKey(key.publicKey());
    Node second = nodes.create(loopback().bootstrap(List.of(listen.withPeerId(id))).build());
    second.start(); // the bootstrap peer is not up yet: retried with backoff

    Node first = nodes.add(Node.create(NodeConfig.builder().listen(List.of(listen)).build(), key));
    first.start();

    await(
        "the bootstrap connection",
        Duration.ofSeconds(60),
        () -> second.host().connection(id).isPresent());
  }

  @Test
  void anUnreachableBootstrapPeerIsNotFatal() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    String peer = "12D3KooWRJAcHeotoLCSpWfH7C9w6hZzA6Uafg2B1ag87DwP4vED";
    Node node =
        nodes.create(
            loopback()
                .bootstrap(
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + freePort + "/p2p/" + peer)))
                .build());

    node.start();

    assertThat(node.host().listenAddresses()).isNotEmpty();
    assertThat(node.host().addressBook().entries(PeerId.fromString(peer)))
        .extracting(AddressBook.Entry::source)
        .containsExactly(AddressBook.Source.MANUAL);
  }

  @Test
  void aDiscoverySelectedByNameFeedsTheAddressBook() throws Exception {
    Node target = nodes.create(loopback().build());
    target.start();
    Multiaddr targetAddress = target.host().dialableAddresses().get(0);
    Node node =
        nodes.create(
            loopback()
                .discovery(List.of("static"))
                .providerSettings(Map.of("discovery.static.peers", targetAddress.toString()))
                .build());
    StaticDiscoveryProvider.StaticDiscovery discovery =
        (StaticDiscoveryProvider.StaticDiscovery) node.discoveries().get(0);

    node.start();

    assertThat(discovery.startedWith).isSameAs(node.host());
    assertThat(discovery.context.localPeerId()).isEqualTo(node.peerId());
    assertThat(discovery.context.configPrefix()).isEqualTo("discovery.static");
    await(
        "the discovered address",
        Duration.ofSeconds(10),
        () -> !node.host().addressBook().entries(target.peerId()).isEmpty());
    assertThat(node.host().addressBook().entries(target.peerId()))
        .extracting(AddressBook.Entry::source)
        .containsExactly(AddressBook.Source.DISCOVERY);
    // Calling by peer id dials the discovered address.
    TaskResponse response =
        node.protocol(TaskProtocol.class)
            .callRemote(
                target.peerId(),
                TaskRequest.newBuilder()
                    .setTaskId("t")
                    .setPayload(ByteString.copyFromUtf8("found"))
                    .build())
            .get(10, TimeUnit.SECONDS);
    assertThat(response.getResult().toStringUtf8()).isEqualTo("FOUND");

    node.close();
    assertThat(discovery.closed).isTrue();
  }

  @Test
  void providerSettingsReachTheProvider() {
    Node node =
        nodes.create(
            loopback().providerSettings(Map.of("protocol.task.call-timeout", "3s")).build());

    assertThat(node.protocol(TaskProtocol.class).options())
        .isEqualTo(RequestResponseOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(3)));
  }

  @Test
  void badNamesAndSettingsFailTheAssembly() {
    assertThatThrownBy(() -> nodes.create(loopback().protocols(List.of("foo")).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown protocol \"foo\"; known: task");
    assertThatThrownBy(() -> nodes.create(loopback().host("libp2p").build()))
        .hasMessage("unknown host provider \"libp2p\"; known: netty");
    assertThatThrownBy(
            () ->
                nodes.create(
                    loopback().providerSettings(Map.of("protocol.task.colour", "red")).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown provider setting \"protocol.task.colour\"; known: ");
    assertThatThrownBy(
            () ->
                nodes.create(
                    loopback()
                        .providerSettings(Map.of("protocol.task.call-timeout", "soon"))
                        .build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("protocol \"task\"")
        .hasMessageContaining("protocol.task.call-timeout");
    assertThatThrownBy(
            () ->
                nodes.create(
                    loopback().securityProtocols(List.of("/noise", "/secio/1.0.0")).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "host provider \"netty\": security protocol \"/secio/1.0.0\" is not supported by the"
                + " netty host; supported: /noise, /pos-transport/1.0.0");
  }

  @Test
  void aPortInUseFailsTheStartAndClosesTheNode() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Node node =
          nodes.create(
              NodeConfig.builder()
                  .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + taken.getLocalPort())))
                  .build());

      assertThatThrownBy(node::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("address already in use");
      assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aNodeWithoutTheProtocolSaysSo() {
    Node node = nodes.create(loopback().protocols(List.of()).build());

    assertThatThrownBy(() -> node.protocol(TaskProtocol.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no TaskProtocol");
  }
}
