package org.subnetp2p.kademlia;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.kademlia.routing.RoutingTable;
import org.subnetp2p.kademlia.rpc.InboundLimiter;
import org.subnetp2p.kademlia.rpc.KadCounters;
import org.subnetp2p.kademlia.rpc.KadServer;
import org.subnetp2p.kademlia.rpc.PeerRateLimiter;
import org.subnetp2p.kademlia.store.PeerStore;
import org.subnetp2p.kademlia.store.ProviderStore;
import org.subnetp2p.kademlia.store.ValueStore;
import org.subnetp2p.testkit.SimHost;
import org.subnetp2p.testkit.SimNetwork;

/**
 * What the Kademlia fuzz tests share: one simulated host with a fixed identity (so answers carry
 * its signed record), {@link #PEERS} with addresses in its address book, and a DHT's parts wired as
 * {@link KadDht} wires them, fresh for each input, with small store limits that inputs can reach.
 */
final class KadFuzzFixture {
  static final KadConfig CONFIG =
      KadConfig.builder()
          .mode(KadMode.SERVER)
          .maxAddressesPerPeer(4)
          .records(Duration.ofHours(1), 4)
          .providerLimits(4, 3)
          .peerCacheSize(32)
          .build();

  static final SimHost HOST = host();

  /** Peers of the routing table, each with two addresses in the host's address book. */
  static final List<PeerId> PEERS = peers(24);

  private KadFuzzFixture() {}

  private static SimHost host() {
    SimHost host = SimNetwork.create().newHost(Keys.ed25519PrivateKey(seed(1)));
    host.start();
    return host;
  }

  private static List<PeerId> peers(int n) {
    List<PeerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PrivateKey key = Keys.ed25519PrivateKey(seed(16 + i));
      PeerId peer = PeerId.fromPublicKey(key.publicKey());
      HOST.addressBook()
          .add(
              peer,
              List.of(
                  Multiaddr.parse("/ip4/10.1.0." + i + "/tcp/4001"),
                  Multiaddr.parse("/ip6/fd00::" + Integer.toHexString(i + 1) + "/tcp/4001")),
              AddressBook.Source.IDENTIFY,
              Duration.ofDays(1));
      out.add(peer);
    }
    return List.copyOf(out);
  }

  static byte[] seed(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }

  /** One DHT's state, fresh. */
  static final class Dht {
    final RoutingTable table = new RoutingTable(HOST.peerId(), CONFIG.k());
    final PeerDirectory directory =
        new PeerDirectory(
            HOST, new PeerStore(CONFIG.peerCacheSize(), CONFIG.maxAddressesPerPeer()), CONFIG);
    final ValueStore values =
        new ValueStore(CONFIG.maxRecords(), CONFIG.recordTtl(), Clock.systemUTC());
    final ProviderStore providers =
        new ProviderStore(
            CONFIG.maxProviderKeys(),
            CONFIG.maxProvidersPerKey(),
            CONFIG.providerTtl(),
            Clock.systemUTC());
    final KadCounters counters = new KadCounters();

    Dht() {
      PEERS.forEach(table::add);
    }

    /** The server {@link KadDht} would register, on this state. */
    KadServer server() {
      return new KadServer(
          new Responder(
              HOST.peerId(),
              CONFIG,
              table,
              directory,
              values,
              providers,
              new NamespacedValidator(CONFIG.validators())),
          CONFIG.maxRequestSize(),
          CONFIG.requestTimeout(),
          new InboundLimiter(CONFIG.maxInboundStreamsPerPeer(), CONFIG.maxInboundStreams()),
          new PeerRateLimiter(
              CONFIG.requestsPerSecondPerPeer(),
              CONFIG.requestBurstPerPeer(),
              CONFIG.peerCacheSize()),
          counters);
    }
  }
}
