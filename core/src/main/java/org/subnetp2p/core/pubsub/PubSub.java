package org.subnetp2p.core.pubsub;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;

/**
 * Topic-based publish/subscribe among the peers of a network, such as GossipSub.
 *
 * <p>Everything here is thread-safe. Handlers and validators run on virtual threads, never on a
 * network thread, so they may block.
 */
public interface PubSub extends AutoCloseable {

  /**
   * One message received on a topic. The arrays belong to the receiver.
   *
   * @param topic the topic it was published on
   * @param from its author (not the peer that forwarded it); {@code null} when the network's
   *     signature policy sends messages without an author
   * @param data the payload
   * @param id the message id the network deduplicates by (by default the author's peer id bytes
   *     followed by the 8-byte sequence number); empty when unknown
   */
  record Message(String topic, @Nullable PeerId from, byte[] data, byte[] id) {
    /** A message without a known id. */
    public Message(String topic, @Nullable PeerId from, byte[] data) {
      this(topic, from, data, new byte[0]);
    }

    /** The id as lowercase hex, as py-libp2p writes ids in gossip. */
    public String idHex() {
      return HexFormat.of().formatHex(id);
    }
  }

  /** A live subscription; closing it stops delivery. */
  interface Subscription extends AutoCloseable {
    /** The subscribed topic. */
    String topic();

    /** Stops delivery to this subscription. Idempotent. */
    @Override
    void close();
  }

  /**
   * Publishes {@code data} on {@code topic}; completes once handed to the network (written to the
   * streams of the peers chosen to receive it, or at once when there are none), not when others
   * receive it.
   *
   * <p>Fails with {@link org.subnetp2p.core.protocol.MessageTooLargeException} when the message
   * exceeds the implementation's maximum message size, and with {@link IllegalStateException} once
   * closed.
   */
  CompletableFuture<Void> publish(String topic, byte[] data);

  /**
   * Delivers messages on {@code topic} to {@code handler}, on a thread of the implementation's
   * choosing, one at a time per subscription.
   */
  Subscription subscribe(String topic, Consumer<Message> handler);

  /**
   * Adds a validator for {@code topic}: a received message is delivered and forwarded only if every
   * validator of its topic accepts it. A validator that throws counts as {@link
   * ValidationResult#IGNORE}.
   */
  default void addValidator(String topic, TopicValidator validator) {
    throw new UnsupportedOperationException("validators are not supported by " + getClass());
  }

  /** Removes a validator added with {@link #addValidator}; unknown ones are ignored. */
  default void removeValidator(String topic, TopicValidator validator) {}

  /** The topics this node subscribes to. */
  default Set<String> topics() {
    return Set.of();
  }

  /** The connected peers that announced a subscription to {@code topic}. */
  default Set<PeerId> peers(String topic) {
    return Set.of();
  }

  /**
   * The peers this node forwards {@code topic}'s messages to in full: its mesh for a subscribed
   * topic (for a router without a mesh, every subscribed peer).
   */
  default Set<PeerId> meshPeers(String topic) {
    return Set.of();
  }

  /** The score of every peer the router keeps one for, for operators; empty if it keeps none. */
  default List<PeerScore> scores() {
    return List.of();
  }

  /** Leaves every topic. */
  @Override
  void close();
}
