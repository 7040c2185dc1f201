package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.admin.Json;

/**
 * {@code run --subscribe}: each message received on a subscribed topic as one JSON line on stdout,
 * {@code {"topic":"T","from":"<peer id>","data":"<payload as UTF-8>"}}; {@code from} is empty for a
 * message without an author. Lines are written whole, one at a time.
 */
final class MessageLines {
  private MessageLines() {}

  /** Subscribes {@code node}'s pubsub to every topic, printing to {@code out}. */
  static void subscribeAll(Node node, List<String> topics, PrintWriter out) {
    if (topics.isEmpty()) {
      return;
    }
    PubSub pubsub = node.pubsub().orElseThrow(() -> new IllegalStateException("no pubsub"));
    for (String topic : topics) {
      pubsub.subscribe(topic, m -> print(out, m));
    }
  }

  static String line(PubSub.Message m) {
    return "{\"topic\":"
        + Json.string(m.topic())
        + ",\"from\":"
        + Json.string(m.from() == null ? "" : m.from().toString())
        + ",\"data\":"
        + Json.string(new String(m.data(), StandardCharsets.UTF_8))
        + "}";
  }

  private static void print(PrintWriter out, PubSub.Message m) {
    String line = line(m);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
