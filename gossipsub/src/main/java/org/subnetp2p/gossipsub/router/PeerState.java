package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.gossipsub.wire.Protocol;

/** What the router knows of one connected pubsub peer. */
final class PeerState {
  /** IDONTWANT ids remembered per peer; older ones are forgotten first. */
  private static final int MAX_DONT_WANT = 10_000;

  final PeerId id;
  final ByteString idBytes;
  Protocol protocol;
  final boolean outboundConnection;
  final String ip;
  final Set<String> topics = new HashSet<>();

  /** IHAVE messages, ids asked for, IDONTWANT messages: this heartbeat. */
  int ihaves;

  int asked;
  int idontwants;

  /** Message ids the peer said it does not want, with the tick they expire at. */
  private final LinkedHashMap<ByteString, Long> dontWant = new LinkedHashMap<>();

  final Map<String, RateWindow> messageRates = new HashMap<>(2);
  final Map<String, RateWindow> ihaveRates = new HashMap<>(2);
  final RateWindow iwantRate = new RateWindow();

  PeerState(PeerId id, Protocol protocol, boolean outboundConnection, String ip) {
    this.id = id;
    this.idBytes = ByteString.copyFrom(id.toBytes());
    this.protocol = protocol;
    this.outboundConnection = outboundConnection;
    this.ip = ip;
  }

  void dontWant(ByteString messageId, long expiresAtTick) {
    dontWant.remove(messageId);
    dontWant.put(messageId, expiresAtTick);
    if (dontWant.size() > MAX_DONT_WANT) {
      ByteString oldest = dontWant.keySet().iterator().next();
      dontWant.remove(oldest);
    }
  }

  boolean doesNotWant(ByteString messageId) {
    return !dontWant.isEmpty() && dontWant.containsKey(messageId);
  }

  void expireDontWant(long tick) {
    dontWant.values().removeIf(expiry -> expiry < tick);
  }

  RateWindow messageRate(String topic) {
    return messageRates.computeIfAbsent(topic, t -> new RateWindow());
  }

  RateWindow ihaveRate(String topic) {
    return ihaveRates.computeIfAbsent(topic, t -> new RateWindow());
  }

  static Set<PeerId> newSet() {
    return new HashSet<>();
  }
}
