package org.subnetp2p.node.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.CallOutcome;
import org.subnetp2p.core.protocol.InboundOutcome;
import org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.protocol.ProtocolMeterNames;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.Reporting;

/**
 * {@code GET /map.json}: everything the network map page draws, in one answer, so that one poll
 * gives a consistent picture.
 *
 * <pre>{@code
 * {"time":1764000000000,
 *  "self":{"peerId":"12D3...","listen":["/ip4/127.0.0.1/tcp/4001/p2p/12D3..."],
 *          "discoveries":["dht","gossip"],"pubsub":true},
 *  "peers":[{"peerId":"12D3...","connected":true,"direction":"inbound",
 *            "remoteAddress":"/ip4/127.0.0.1/tcp/50312","streams":1,"rttMs":0.21,
 *            "source":"gossip","sources":["connection","dht","gossip","identify"],
 *            "discovered":["dht","gossip"],"score":0.5,"mesh":["peer_state"],
 *            "protocols":["/ipfs/id/1.0.0"],
 *            "addresses":[{"address":"/ip4/127.0.0.1/tcp/4002","source":"identify"}]}],
 *  "protocols":[{"protocol":"/subnet/task_protocol/1.0.0",
 *                "calls":{"ok":3,"timeout":0,...},"inbound":{"ok":4,...},
 *                "latencySecondsSum":0.012,"latencyCount":3}],
 *  "topics":[{"topic":"peer_state","peers":4,"mesh":4}],
 *  "status":{"discovery.chain":{"state":"synced",...}}}
 * }</pre>
 *
 * <p>{@code source} is the strongest of {@code sources}: what the node learned the peer from
 * (address book sources) or knows it through now (its discoveries), ranked chain, gossip, dht,
 * other discovery, manual, identify, connection. {@code rttMs} and {@code score} are {@code null}
 * when unknown. Counters are totals since start: the page turns them into rates.
 */
final class MapJson {
  /** Strongest first: a peer in the registry is shown as such, whatever else knows it. */
  private static final List<AddressBook.Source> RANK =
      List.of(
          AddressBook.Source.CHAIN,
          AddressBook.Source.GOSSIP,
          AddressBook.Source.DHT,
          AddressBook.Source.DISCOVERY,
          AddressBook.Source.MANUAL,
          AddressBook.Source.IDENTIFY,
          AddressBook.Source.CONNECTION);

  private MapJson() {}

  static String of(
      Host host,
      Map<String, ProtocolBase<?, ?>> protocols,
      Map<String, Reporting> reports,
      Optional<PubSub> pubsub,
      List<MultiaddrDiscovery> discoveries) {
    Map<PeerId, Map<String, List<String>>> discovered = DiscoveredPeers.of(discoveries);
    Map<PeerId, Double> scores = new HashMap<>();
    Map<PeerId, Set<String>> mesh = new HashMap<>();
    pubsub.ifPresent(
        p -> {
          for (PeerScore s : p.scores()) {
            scores.put(s.peer(), s.score());
          }
          for (String topic : p.topics()) {
            for (PeerId peer : p.meshPeers(topic)) {
              mesh.computeIfAbsent(peer, k -> new TreeSet<>()).add(topic);
            }
          }
        });
    Set<PeerId> peers = new TreeSet<>(host.addressBook().peers());
    peers.addAll(discovered.keySet());
    host.connections().forEach(c -> peers.add(c.remotePeer()));
    peers.remove(host.peerId());

    StringBuilder out = new StringBuilder(512 + peers.size() * 512);
    out.append("{\"time\":").append(System.currentTimeMillis());
    out.append(",\"self\":{\"peerId\":").append(Json.string(host.peerId().toString()));
    out.append(",\"listen\":")
        .append(Json.strings(host.dialableAddresses().stream().map(Multiaddr::toString).toList()));
    out.append(",\"discoveries\":")
        .append(Json.strings(discoveries.stream().map(MultiaddrDiscovery::name).toList()));
    out.append(",\"pubsub\":").append(pubsub.isPresent()).append('}');
    out.append(",\"peers\":[");
    boolean first = true;
    for (PeerId peer : peers) {
      out.append(first ? "" : ",");
      first = false;
      appendPeer(
          out,
          host,
          peer,
          discovered.getOrDefault(peer, Map.of()).keySet(),
          Optional.ofNullable(scores.get(peer)),
          mesh.getOrDefault(peer, Set.of()));
    }
    out.append("],\"protocols\":[");
    appendProtocols(out, host.meterRegistry(), protocols);
    out.append("],\"topics\":[");
    pubsub.ifPresent(p -> appendTopics(out, p));
    out.append("],\"status\":").append(ReportsText.statusJson(reports));
    return out.append('}').toString();
  }

  private static void appendPeer(
      StringBuilder out,
      Host host,
      PeerId peer,
      Set<String> discoveredBy,
      Optional<Double> score,
      Set<String> meshTopics) {
    List<AddressBook.Entry> entries = host.addressBook().entries(peer);
    Set<AddressBook.Source> sources = EnumSet.noneOf(AddressBook.Source.class);
    entries.forEach(e -> sources.add(e.source()));
    discoveredBy.forEach(name -> sources.add(AddressBook.Source.forDiscovery(name)));
    Optional<Connection> connection = host.connection(peer);
    if (connection.isPresent() && sources.isEmpty()) {
      sources.add(AddressBook.Source.CONNECTION);
    }
    String source =
        RANK.stream()
            .filter(sources::contains)
            .findFirst()
            .map(AddressBook.Source::label)
            .orElse("");

    PeersJson.appendIdAndConnection(out, peer, connection);
    out.append(",\"rttMs\":")
        .append(
            connection
                .flatMap(Connection::roundTripTime)
                .map(MapJson::millis)
                .map(MapJson::number)
                .orElse("null"));
    out.append(",\"source\":").append(Json.string(source));
    out.append(",\"sources\":")
        .append(Json.strings(sources.stream().map(AddressBook.Source::label).sorted().toList()));
    out.append(",\"discovered\":").append(Json.strings(discoveredBy));
    out.append(",\"score\":").append(score.map(MapJson::number).orElse("null"));
    out.append(",\"mesh\":").append(Json.strings(meshTopics));
    out.append(",\"protocols\":")
        .append(Json.strings(new TreeSet<>(host.addressBook().protocols(peer))));
    out.append(",\"addresses\":[");
    boolean first = true;
    for (AddressBook.Entry e : entries) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"address\":")
          .append(Json.string(e.address().toString()))
          .append(",\"source\":")
          .append(Json.string(e.source().label()))
          .append(",\"failing\":")
          .append(e.failing())
          .append('}');
    }
    out.append("]}");
  }

  /** The template's timers, read back from the host's registry. */
  private static void appendProtocols(
      StringBuilder out, MeterRegistry registry, Map<String, ProtocolBase<?, ?>> protocols) {
    Set<String> ids = new TreeSet<>();
    for (ProtocolBase<?, ?> p : protocols.values()) {
      if (p instanceof ProtobufRequestResponseProtocolTemplate<?, ?>) {
        ids.add(p.protocolId());
      }
    }
    boolean first = true;
    for (String id : ids) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"protocol\":").append(Json.string(id)).append(",\"calls\":{");
      long count = 0;
      double seconds = 0;
      boolean firstOutcome = true;
      for (CallOutcome o : CallOutcome.values()) {
        Timer t = timer(registry, ProtocolMeterNames.CALL_DURATION, id, o.label());
        out.append(firstOutcome ? "" : ",");
        firstOutcome = false;
        out.append(Json.string(o.label())).append(':').append(t == null ? 0 : t.count());
        if (t != null) {
          count += t.count();
          seconds += t.totalTime(TimeUnit.SECONDS);
        }
      }
      out.append("},\"inbound\":{");
      firstOutcome = true;
      for (InboundOutcome o : InboundOutcome.values()) {
        Timer t = timer(registry, ProtocolMeterNames.INBOUND_DURATION, id, o.label());
        out.append(firstOutcome ? "" : ",");
        firstOutcome = false;
        out.append(Json.string(o.label())).append(':').append(t == null ? 0 : t.count());
      }
      out.append("},\"latencySecondsSum\":").append(number(seconds));
      out.append(",\"latencyCount\":").append(count).append('}');
    }
  }

  private static Timer timer(MeterRegistry registry, String name, String protocol, String outcome) {
    return registry
        .find(name)
        .tags(ProtocolMeterNames.PROTOCOL, protocol, ProtocolMeterNames.OUTCOME, outcome)
        .timer();
  }

  private static void appendTopics(StringBuilder out, PubSub pubsub) {
    boolean first = true;
    for (String topic : new TreeSet<>(pubsub.topics())) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"topic\":").append(Json.string(topic));
      out.append(",\"peers\":").append(pubsub.peers(topic).size());
      out.append(",\"mesh\":").append(pubsub.meshPeers(topic).size()).append('}');
    }
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /** A finite number as JSON (JSON has no NaN), to 3 decimals: enough for a page. */
  private static String number(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "0";
  }
}
