package org.subnetp2p.core.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.subnetp2p.core.identity.PeerId;

/** Topic-based publish/subscribe among the peers of a network, such as GossipSub. */
public interface PubSub extends AutoCloseable {

  /** One message received on a topic. The data array belongs to the receiver. */
  record Message(String topic, PeerId from, byte[] data) {}

  /** A live subscription; closing it stops delivery. */
  interface Subscription extends AutoCloseable {
    /** The subscribed topic. */
    String topic();

    /** Stops delivery to this subscription. Idempotent. */
    @Override
    void close();
  }

  /**
   * Publishes {@code data} on {@code topic}; completes once handed to the network (not when others
   * receive it).
   */
  CompletableFuture<Void> publish(String topic, byte[] data);

  /**
   * Delivers messages on {@code topic} to {@code handler}, on a thread of the implementation's
   * choosing, one at a time per subscription.
   */
  Subscription subscribe(String topic, Consumer<Message> handler);

  /** Leaves every topic. */
  @Override
  void close();
}
