package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.multiaddr.Multiaddr;

class ConfigLoaderTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();
  private static final String PEER = "12D3KooWRJAcHeotoLCSpWfH7C9w6hZzA6Uafg2B1ag87DwP4vED";

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("node.properties");
    Files.write(f, List.of(lines));
    return f;
  }

  private static NodeConfig load(Map<String, String> flags, Map<String, String> env) {
    return new ConfigLoader(flags, env).load(REGISTRY);
  }

  @Test
  void defaultsWhenNothingIsGiven() {
    NodeConfig c = load(Map.of(), Map.of("PATH", "/usr/bin"));

    assertThat(c.listen()).containsExactly(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"));
    assertThat(c.bootstrap()).isEmpty();
    assertThat(c.identity()).isEqualTo(Path.of("./identity.key"));
    assertThat(c.host()).isEqualTo("netty");
    assertThat(c.protocols()).containsExactly("task");
    // The DHT and the subnet-template heartbeat, every 20 s as subnet-template's.
    assertThat(c.discovery()).containsExactly("dht", "gossip");
    assertThat(c.discoveryInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.gater()).isEqualTo("allow-all");
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.admin()).isEmpty();
    assertThat(c.providerSettings()).isEmpty();
    assertThat(c.securityProtocols()).containsExactly("/noise", "/pos-transport/1.0.0");
    assertThat(c.muxerProtocols()).containsExactly("/yamux/1.0.0");
  }

  @Test
  void theTransportsProtocolListsComeFromFileAndEnvironment() throws IOException {
    Path f = file("transport.netty.security-protocols=/pos-transport/1.0.0, /noise");
    NodeConfig fromFile = load(Map.of("config", f.toString()), Map.of());
    assertThat(fromFile.securityProtocols()).containsExactly("/pos-transport/1.0.0", "/noise");

    NodeConfig fromEnv =
        load(
            Map.of(),
            Map.of(
                "SUBNET_NODE_TRANSPORT_NETTY_SECURITY_PROTOCOLS", "/noise",
                "SUBNET_NODE_TRANSPORT_NETTY_MUXER_PROTOCOLS", "/yamux/1.0.0"));
    assertThat(fromEnv.securityProtocols()).containsExactly("/noise");
    assertThat(fromEnv.muxerProtocols()).containsExactly("/yamux/1.0.0");
  }

  @Test
  void badProtocolListsAreNamed() {
    assertThatThrownBy(
            () -> load(Map.of(), Map.of("SUBNET_NODE_TRANSPORT_NETTY_SECURITY_PROTOCOLS", " , ")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "transport.netty.security-protocols must name at least one protocol"
                + " (SUBNET_NODE_TRANSPORT_NETTY_SECURITY_PROTOCOLS)");
    assertThatThrownBy(
            () -> load(Map.of(), Map.of("SUBNET_NODE_TRANSPORT_NETTY_MUXER_PROTOCOLS", "yamux")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "transport.netty.muxer-protocols: \"yamux\" is not a protocol id (like /noise, without"
                + " spaces) (SUBNET_NODE_TRANSPORT_NETTY_MUXER_PROTOCOLS)");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of("SUBNET_NODE_TRANSPORT_NETTY_SECURITY_PROTOCOLS", "/noise,/noise")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "transport.netty.security-protocols names a protocol twice: [/noise, /noise]"
                + " (SUBNET_NODE_TRANSPORT_NETTY_SECURITY_PROTOCOLS)");
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path f =
        file(
            "listen=/ip4/127.0.0.1/tcp/4001",
            "log-level=debug",
            "identity=/from/file.key",
            "protocols=task");
    Map<String, String> env =
        Map.of(
            "SUBNET_NODE_CONFIG", f.toString(),
            "SUBNET_NODE_LISTEN", "/ip4/127.0.0.1/tcp/4002",
            "SUBNET_NODE_LOG_LEVEL", "trace");
    Map<String, String> flags = Map.of("listen", "/ip4/127.0.0.1/tcp/4003");

    NodeConfig c = load(flags, env);

    assertThat(c.listen()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/4003")); // flag
    assertThat(c.logLevel()).isEqualTo("trace"); // environment over file
    assertThat(c.identity()).isEqualTo(Path.of("/from/file.key")); // file over default
    assertThat(c.gater()).isEqualTo("allow-all"); // default
  }

  @Test
  void theConfigFlagBeatsTheConfigVariable() throws IOException {
    Path fromFlag = file("log-level=warn");
    Path fromEnv = dir.resolve("other.properties");
    Files.writeString(fromEnv, "log-level=error\n");

    NodeConfig c =
        load(
            Map.of("config", fromFlag.toString()),
            Map.of("SUBNET_NODE_CONFIG", fromEnv.toString()));

    assertThat(c.logLevel()).isEqualTo("warn");
  }

  @Test
  void listsAreCommaSeparated() throws IOException {
    Path f =
        file(
            "listen=/ip4/127.0.0.1/tcp/4001, /ip6/::1/tcp/4001",
            "bootstrap=/ip4/10.0.0.1/tcp/4001/p2p/" + PEER + ",/dns4/a.example/tcp/1/p2p/" + PEER);

    NodeConfig c = load(Map.of("config", f.toString()), Map.of());

    assertThat(c.listen())
        .containsExactly(
            Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001"));
    assertThat(c.bootstrap()).hasSize(2);
  }

  @Test
  void anUnknownKeyInTheFileIsNamedWithTheKnownKeys() throws IOException {
    Path f = file("listen=/ip4/127.0.0.1/tcp/0", "colour=blue");

    assertThatThrownBy(() -> load(Map.of("config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown config key \"colour\" in " + f)
        .hasMessageContaining("known: admin, bootstrap, chain-rpc, discovery, discovery-interval,")
        .hasMessageContaining("discovery.gossip.interval")
        .hasMessageContaining("discovery.gossip.sync-timeout, gater, host")
        .hasMessageContaining("protocol.task.call-timeout");
  }

  @Test
  void anUnknownVariableWithThePrefixIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("SUBNET_NODE_LISEN", "/ip4/1.2.3.4/tcp/1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown environment variable SUBNET_NODE_LISEN; known: ")
        .hasMessageContaining("SUBNET_NODE_LISTEN")
        .hasMessageContaining("SUBNET_NODE_PROTOCOL_TASK_CALL_TIMEOUT");
  }

  @Test
  void theConfigKeyIsNotAKeyOfTheFile() throws IOException {
    Path f = file("config=/etc/other.properties");

    assertThatThrownBy(() -> load(Map.of("config", f.toString()), Map.of()))
        .hasMessageStartingWith("unknown config key \"config\"");
  }

  @Test
  void providerSettingsComeFromFileAndEnvironmentForSelectedProviders() throws IOException {
    Path f = file("protocol.task.call-timeout=5s", "protocol.task.max-message-size=1024");
    Map<String, String> env =
        Map.of(
            "SUBNET_NODE_CONFIG",
            f.toString(),
            "SUBNET_NODE_PROTOCOL_TASK_CALL_TIMEOUT",
            "7s",
            "SUBNET_NODE_DISCOVERY",
            "static",
            "SUBNET_NODE_DISCOVERY_STATIC_PEERS",
            "/ip4/127.0.0.1/tcp/1/p2p/" + PEER);

    NodeConfig c = load(Map.of(), env);

    assertThat(c.providerSettings())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "protocol.task.call-timeout", "7s",
                "protocol.task.max-message-size", "1024",
                "discovery.static.peers", "/ip4/127.0.0.1/tcp/1/p2p/" + PEER));
    assertThat(c.settingsOf(ProviderKind.PROTOCOL, "task"))
        .containsEntry("call-timeout", "7s")
        .containsEntry("max-message-size", "1024");
    assertThat(c.discovery()).containsExactly("static");
  }

  @Test
  void transportSettingsComeFromFileAndEnvironment() throws IOException {
    Path f = file("transport.netty.keepalive-interval=15s", "transport.netty.idle-timeout=off");
    Map<String, String> env =
        Map.of(
            "SUBNET_NODE_CONFIG",
            f.toString(),
            "SUBNET_NODE_TRANSPORT_NETTY_CONNECTION_MEMORY",
            "8MiB");

    NodeConfig c = load(Map.of(), env);

    assertThat(c.settingsOf(ProviderKind.HOST, "netty"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "keepalive-interval", "15s",
                "idle-timeout", "off",
                "connection-memory", "8MiB"));
  }

  @Test
  void settingsOfAProviderNotSelectedAreUnknown() throws IOException {
    Path f = file("discovery.static.peers=/ip4/127.0.0.1/tcp/1/p2p/" + PEER);

    assertThatThrownBy(() -> load(Map.of("config", f.toString()), Map.of()))
        .hasMessageStartingWith("unknown config key \"discovery.static.peers\"");
    assertThatThrownBy(() -> load(Map.of(), Map.of("SUBNET_NODE_PROTOCOL_TASK_COLOUR", "x")))
        .hasMessageStartingWith("unknown environment variable SUBNET_NODE_PROTOCOL_TASK_COLOUR");
  }

  @Test
  void unknownProviderNamesListTheKnownOnes() {
    assertThatThrownBy(() -> load(Map.of("protocols", "task,foo"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown protocol \"foo\"; known: task");
    assertThatThrownBy(() -> load(Map.of("discovery", "nonesuch"), Map.of()))
        .hasMessageStartingWith("unknown discovery provider \"nonesuch\"; known: ")
        .hasMessageContaining("chain")
        .hasMessageContaining("dht")
        .hasMessageContaining("static");
    assertThatThrownBy(() -> load(Map.of("gater", "deny-all"), Map.of()))
        .hasMessage("unknown gater \"deny-all\"; known: allow-all, chain, pos");
    assertThatThrownBy(() -> load(Map.of(), Map.of("SUBNET_NODE_HOST", "jvm-libp2p")))
        .hasMessage("unknown host provider \"jvm-libp2p\"; known: netty");
  }

  @Test
  void aMalformedMultiaddrNamesWhereItCameFrom() {
    assertThatThrownBy(() -> load(Map.of("listen", "/ip4/999.0.0.1/tcp/1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid multiaddr in --listen: ")
        .hasMessageContaining("999.0.0.1");
    assertThatThrownBy(() -> load(Map.of(), Map.of("SUBNET_NODE_LISTEN", "ip4/1.2.3.4")))
        .hasMessageStartingWith("invalid multiaddr in SUBNET_NODE_LISTEN: ");
  }

  @Test
  void bootstrapPeersMustBeNamed() {
    assertThatThrownBy(() -> load(Map.of("bootstrap", "/ip4/10.0.0.1/tcp/4001"), Map.of()))
        .hasMessageContaining("has no /p2p/<peer id>");
  }

  @Test
  void theAdminAddressMustBeLoopback() {
    assertThat(load(Map.of("admin", "127.0.0.1:9090"), Map.of()).admin())
        .contains(new InetSocketAddress("127.0.0.1", 9090));
    assertThat(load(Map.of("admin", "localhost:0"), Map.of()).admin().orElseThrow().getAddress())
        .matches(a -> a.isLoopbackAddress());
    assertThat(load(Map.of("admin", "[::1]:9090"), Map.of()).admin()).isPresent();
    assertThatThrownBy(() -> load(Map.of("admin", "0.0.0.0:9090"), Map.of()))
        .hasMessageContaining("is not a loopback address");
    assertThatThrownBy(() -> load(Map.of("admin", "9090"), Map.of()))
        .hasMessageContaining("expected host:port");
    assertThatThrownBy(() -> load(Map.of("admin", "127.0.0.1:99999"), Map.of()))
        .hasMessageContaining("bad port");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> load(Map.of("log-level", "loud"), Map.of()))
        .hasMessageStartingWith("invalid log level \"loud\" in --log-level");
    assertThatThrownBy(() -> load(Map.of("discovery-interval", "often"), Map.of()))
        .hasMessageContaining("--discovery-interval")
        .hasMessageContaining("often");
    assertThatThrownBy(() -> load(Map.of("identity", " "), Map.of()))
        .hasMessageContaining("identity must not be empty");
  }

  @Test
  void aMissingConfigFileIsAnError() {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> new ConfigLoader(Map.of("config", missing.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + missing + " does not exist");
  }

  @Test
  void theLogLevelResolvesBeforeTheProviders() {
    Map<String, String> env = new HashMap<>();
    env.put("SUBNET_NODE_LOG_LEVEL", "DEBUG");
    assertThat(new ConfigLoader(Map.of(), env).logLevel()).isEqualTo("debug");
  }
}
