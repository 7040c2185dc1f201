package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * The message cache of the GossipSub spec: recent messages by id, in one window per heartbeat. The
 * newest {@code gossip} windows are offered in IHAVE; all {@code length} windows answer IWANT.
 */
final class MessageCache {
  private final int gossip;
  private final Map<ByteString, Entry> messages = new HashMap<>();
  private final ArrayDeque<List<Entry>> windows = new ArrayDeque<>();
  private final int length;

  /** A cached message and how often each peer asked for it. */
  static final class Entry {
    final ByteString id;
    final String topic;
    final ByteString encoded;
    private Map<PeerId, Integer> transmissions;

    Entry(ByteString id, String topic, ByteString encoded) {
      this.id = id;
      this.topic = topic;
      this.encoded = encoded;
    }

    /** Counts one more transmission to {@code peer} and returns the new count. */
    int transmittedTo(PeerId peer) {
      if (transmissions == null) {
        transmissions = new HashMap<>(4);
      }
      return transmissions.merge(peer, 1, Integer::sum);
    }
  }

  MessageCache(int gossip, int length) {
    this.gossip = gossip;
    this.length = length;
    windows.addFirst(new ArrayList<>());
  }

  /** Caches a message in the current window; a message already cached stays where it is. */
  void put(ByteString id, String topic, ByteString encoded) {
    if (messages.containsKey(id)) {
      return;
    }
    Entry e = new Entry(id, topic, encoded);
    messages.put(id, e);
    windows.peekFirst().add(e);
  }

  /** The cached message with {@code id}, or {@code null}. */
  Entry get(ByteString id) {
    return messages.get(id);
  }

  /** The ids of {@code topic}'s messages in the gossip windows, newest first. */
  List<ByteString> gossipIds(String topic) {
    List<ByteString> ids = new ArrayList<>();
    int i = 0;
    for (List<Entry> window : windows) {
      if (i++ >= gossip) {
        break;
      }
      for (Entry e : window) {
        if (e.topic.equals(topic)) {
          ids.add(e.id);
        }
      }
    }
    return ids;
  }

  /** Opens a new window, dropping the oldest beyond the history length. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > length) {
      for (Entry e : windows.removeLast()) {
        messages.remove(e.id);
      }
    }
  }

  int size() {
    return messages.size();
  }
}
