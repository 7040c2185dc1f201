package org.subnetp2p.node.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.core.pubsub.PubSub;

/**
 * {@code GET /pubsub}: the node's pubsub as JSON, for operators and the network map.
 *
 * <pre>{@code
 * {"enabled":true,
 *  "topics":[{"topic":"peer_state","peers":["12D3..."],"mesh":["12D3..."]}],
 *  "scores":[{"peer":"12D3...","score":1.5,"connected":true,"appSpecific":0.0,
 *             "ipColocation":0.0,"behaviourPenalty":0.0,
 *             "topics":{"peer_state":{"inMesh":true,"timeInMesh":12.0,
 *                       "firstMessageDeliveries":1.0,"meshMessageDeliveries":1.0,
 *                       "meshFailurePenalty":0.0,"invalidMessageDeliveries":0.0}}}]}
 * }</pre>
 *
 * <p>{@code {"enabled":false}} when the node runs no pubsub. Scores are sorted lowest first, so the
 * peers a node distrusts come first.
 */
final class PubSubJson {
  private PubSubJson() {}

  static String of(Optional<PubSub> maybe) {
    if (maybe.isEmpty()) {
      return "{\"enabled\":false}";
    }
    PubSub pubsub = maybe.get();
    StringBuilder out = new StringBuilder("{\"enabled\":true,\"topics\":[");
    boolean first = true;
    for (String topic : pubsub.topics().stream().sorted().toList()) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"topic\":").append(Json.string(topic));
      out.append(",\"peers\":").append(Json.strings(ids(pubsub.peers(topic))));
      out.append(",\"mesh\":").append(Json.strings(ids(pubsub.meshPeers(topic))));
      out.append('}');
    }
    out.append("],\"scores\":[");
    first = true;
    List<PeerScore> scores =
        pubsub.scores().stream().sorted(Comparator.comparingDouble(PeerScore::score)).toList();
    for (PeerScore s : scores) {
      out.append(first ? "" : ",");
      first = false;
      out.append("{\"peer\":").append(Json.string(s.peer().toString()));
      out.append(",\"score\":").append(number(s.score()));
      out.append(",\"connected\":").append(s.connected());
      out.append(",\"appSpecific\":").append(number(s.appSpecific()));
      out.append(",\"ipColocation\":").append(number(s.ipColocation()));
      out.append(",\"behaviourPenalty\":").append(number(s.behaviourPenalty()));
      out.append(",\"topics\":{");
      boolean firstTopic = true;
      for (Map.Entry<String, PeerScore.Topic> e : new TreeMap<>(s.topics()).entrySet()) {
        PeerScore.Topic t = e.getValue();
        out.append(firstTopic ? "" : ",");
        firstTopic = false;
        out.append(Json.string(e.getKey())).append(":{");
        out.append("\"inMesh\":").append(t.inMesh());
        out.append(",\"timeInMesh\":").append(number(t.timeInMesh()));
        out.append(",\"firstMessageDeliveries\":").append(number(t.firstMessageDeliveries()));
        out.append(",\"meshMessageDeliveries\":").append(number(t.meshMessageDeliveries()));
        out.append(",\"meshFailurePenalty\":").append(number(t.meshFailurePenalty()));
        out.append(",\"invalidMessageDeliveries\":").append(number(t.invalidMessageDeliveries()));
        out.append('}');
      }
      out.append("}}");
    }
    return out.append("]}").toString();
  }

  private static List<String> ids(java.util.Set<PeerId> peers) {
    return peers.stream().map(PeerId::toString).sorted().toList();
  }

  /** A finite number as JSON; the scores are always finite, but JSON has no NaN. */
  private static String number(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "0.0";
  }
}
