package org.subnetp2p.gossipsub.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.pubsub.PubSub;

/**
 * The application's subscriptions. Each has a bounded queue and its own virtual thread, so a slow
 * handler delays only itself; when its queue is full, new messages for it are dropped and counted.
 * The first subscription to a topic joins it, closing the last one leaves it.
 */
public final class Subscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  private final int queueSize;
  private final Consumer<String> join;
  private final Consumer<String> leave;
  private final Map<String, List<Sub>> byTopic = new HashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  /**
   * Subscriptions with {@code queueSize} messages queued each; {@code join} and {@code leave} are
   * told when a topic gains its first or loses its last subscription.
   */
  public Subscriptions(int queueSize, Consumer<String> join, Consumer<String> leave) {
    this.queueSize = queueSize;
    this.join = join;
    this.leave = leave;
  }

  /** Subscribes {@code handler} to {@code topic}. */
  public PubSub.Subscription add(String topic, Consumer<PubSub.Message> handler) {
    Sub sub = new Sub(topic, handler);
    boolean first;
    synchronized (this) {
      List<Sub> subs = byTopic.computeIfAbsent(topic, t -> new ArrayList<>());
      first = subs.isEmpty();
      subs.add(sub);
    }
    if (first) {
      join.accept(topic);
    }
    return sub;
  }

  /** Hands {@code message} to every subscription of {@code topic}; never blocks. */
  public void deliver(String topic, PubSub.Message message) {
    List<Sub> subs;
    synchronized (this) {
      List<Sub> list = byTopic.get(topic);
      if (list == null) {
        return;
      }
      subs = List.copyOf(list);
    }
    for (Sub s : subs) {
      s.offer(message);
    }
  }

  /** Messages dropped because a subscription's queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Closes every subscription (without leaving the topics: the router is going away). */
  public void closeAll() {
    List<Sub> all = new ArrayList<>();
    synchronized (this) {
      byTopic.values().forEach(all::addAll);
      byTopic.clear();
    }
    all.forEach(Sub::stop);
  }

  private void remove(Sub sub) {
    boolean last = false;
    synchronized (this) {
      List<Sub> subs = byTopic.get(sub.topic);
      if (subs != null && subs.remove(sub) && subs.isEmpty()) {
        byTopic.remove(sub.topic);
        last = true;
      }
    }
    if (last) {
      leave.accept(sub.topic);
    }
  }

  private final class Sub implements PubSub.Subscription {
    private final PubSub.Message stop = new PubSub.Message("", null, new byte[0]);
    private final String topic;
    private final Consumer<PubSub.Message> handler;
    private final BlockingQueue<PubSub.Message> queue = new ArrayBlockingQueue<>(queueSize + 1);
    private volatile boolean closed;

    Sub(String topic, Consumer<PubSub.Message> handler) {
      this.topic = topic;
      this.handler = handler;
      Thread.ofVirtual().name("gossipsub-sub " + topic).start(this::run);
    }

    void offer(PubSub.Message m) {
      if (closed) {
        return;
      }
      if (queue.remainingCapacity() <= 1 || !queue.offer(m)) {
        if (dropped.incrementAndGet() % 1000 == 1) {
          LOG.warn("a subscription's handler does not keep up; dropping its messages");
        }
      }
    }

    private void run() {
      while (true) {
        PubSub.Message m;
        try {
          m = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (m == stop) {
          return;
        }
        try {
          handler.accept(m);
        } catch (RuntimeException e) {
          LOG.warn("a subscription handler threw", e);
        }
      }
    }

    void stop() {
      if (!closed) {
        closed = true;
        queue.offer(stop); // the last slot is kept free for it
      }
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void close() {
      if (!closed) {
        stop();
        remove(this);
      }
    }
  }
}
