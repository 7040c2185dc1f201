package org.subnetp2p.node.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The body of {@code /peers}: this node, then every peer it is connected to or has addresses for.
 *
 * <pre>{@code
 * {"peerId":"12D3KooW...","listen":["/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW..."],"peers":[
 *   {"peerId":"12D3KooW...","connected":true,"direction":"outbound",
 *    "remoteAddress":"/ip4/127.0.0.1/tcp/4002","streams":0,
 *    "addresses":[{"address":"/ip4/127.0.0.1/tcp/4002","source":"identify",
 *                  "lastSeen":"2026-11-24T10:15:30.123Z"}],
 *    "discovered":{"gossip":["/ip4/127.0.0.1/tcp/4002/p2p/12D3KooW..."]},
 *    "protocols":["/ipfs/id/1.0.0","/subnet/task_protocol/1.0.0"]}]}
 * }</pre>
 *
 * A peer without an open connection has {@code "connected":false} and no connection fields. An
 * address's {@code source} says how it was first learned: {@code manual}, {@code connection},
 * {@code identify}, {@code dht}, {@code gossip}, {@code chain} or {@code discovery}; {@code
 * lastSeen} is when it was last recorded or confirmed (ISO-8601, UTC). {@code discovered} says what
 * each of the node's discoveries knows of the peer right now, by name, e.g. {@code
 * "discovered":{"gossip":["/ip4/10.0.0.7/tcp/4001/p2p/12D3KooW..."]}}: the gossip cache forgets a
 * peer whose heartbeat stopped, while the address book keeps its addresses for their lifetime.
 */
final class PeersJson {
  private PeersJson() {}

  static String of(Host host) {
    return of(host, List.of());
  }

  static String of(Host host, List<MultiaddrDiscovery> discoveries) {
    Map<PeerId, Map<String, List<String>>> discovered = DiscoveredPeers.of(discoveries);
    Set<PeerId> peers = new TreeSet<>(host.addressBook().peers());
    peers.addAll(discovered.keySet());
    host.connections().forEach(c -> peers.add(c.remotePeer()));
    peers.remove(host.peerId());
    StringBuilder out = new StringBuilder();
    out.append("{\"peerId\":").append(Json.string(host.peerId().toString()));
    out.append(",\"listen\":")
        .append(Json.strings(host.dialableAddresses().stream().map(Multiaddr::toString).toList()));
    out.append(",\"peers\":[");
    boolean first = true;
    for (PeerId peer : peers) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendPeer(out, host, peer, discovered.getOrDefault(peer, Map.of()));
    }
    return out.append("]}").toString();
  }

  private static void appendPeer(
      StringBuilder out, Host host, PeerId peer, Map<String, List<String>> discovered) {
    appendIdAndConnection(out, peer, host.connection(peer));
    out.append(",\"addresses\":[");
    boolean first = true;
    for (AddressBook.Entry e : host.addressBook().entries(peer)) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append("{\"address\":")
          .append(Json.string(e.address().toString()))
          .append(",\"source\":")
          .append(Json.string(e.source().label()))
          .append(",\"lastSeen\":")
          .append(Json.string(e.lastSeen().toString()))
          .append('}');
    }
    out.append("],\"discovered\":{");
    boolean firstSource = true;
    for (var e : discovered.entrySet()) {
      if (!firstSource) {
        out.append(',');
      }
      firstSource = false;
      out.append(Json.string(e.getKey())).append(':').append(Json.strings(e.getValue()));
    }
    out.append("},\"protocols\":")
        .append(Json.strings(new TreeSet<>(host.addressBook().protocols(peer))))
        .append('}');
  }

  /**
   * Opens a peer's object: {@code peerId}, {@code connected} and, when connected, {@code
   * direction}, {@code remoteAddress} and {@code streams} (shared with {@link MapJson}).
   */
  static void appendIdAndConnection(
      StringBuilder out, PeerId peer, Optional<Connection> connection) {
    out.append("{\"peerId\":").append(Json.string(peer.toString()));
    out.append(",\"connected\":").append(connection.isPresent());
    connection.ifPresent(
        c ->
            out.append(",\"direction\":")
                .append(Json.string(c.direction().name().toLowerCase(Locale.ROOT)))
                .append(",\"remoteAddress\":")
                .append(Json.string(c.remoteAddress().toString()))
                .append(",\"streams\":")
                .append(c.streamCount()));
  }
}
