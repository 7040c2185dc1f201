package org.subnetp2p.gossipsub.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.pubsub.TopicValidator;
import org.subnetp2p.core.pubsub.ValidationResult;
import org.subnetp2p.gossipsub.SignaturePolicy;
import org.subnetp2p.gossipsub.router.PendingMessage;
import org.subnetp2p.gossipsub.router.Router;
import org.subnetp2p.gossipsub.router.Verdict;
import org.subnetp2p.gossipsub.wire.MessageSigning;

/**
 * Validates received messages on virtual threads, off the router's loop: the signature policy
 * first, then the topic's validators, each within the validation deadline. The verdict goes back to
 * the router on its loop.
 */
public final class Validation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

  private final SignaturePolicy policy;
  private final Duration timeout;
  private final EventLoop loop;
  private final Router router;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, List<TopicValidator>> validators = new ConcurrentHashMap<>();

  /** Validation for {@code router}, whose verdicts are handed over on {@code loop}. */
  public Validation(SignaturePolicy policy, Duration timeout, EventLoop loop, Router router) {
    this.policy = policy;
    this.timeout = timeout;
    this.loop = loop;
    this.router = router;
  }

  /** Adds a validator of {@code topic}. */
  public void add(String topic, TopicValidator validator) {
    validators.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(validator);
  }

  /** Removes a validator of {@code topic}. */
  public void remove(String topic, TopicValidator validator) {
    validators.computeIfPresent(
        topic,
        (t, list) -> {
          list.remove(validator);
          return list.isEmpty() ? null : list;
        });
  }

  /** Validates {@code pending} in the background; never blocks. */
  public void validate(PendingMessage pending) {
    try {
      executor.execute(
          () -> {
            Verdict verdict = check(pending);
            loop.execute(() -> router.validated(pending, verdict));
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      loop.execute(() -> router.validated(pending, Verdict.THROTTLED));
    }
  }

  private Verdict check(PendingMessage pending) {
    if (MessageSigning.verify(pending.message(), policy) != MessageSigning.Verdict.OK) {
      return Verdict.REJECT_SIGNATURE;
    }
    List<TopicValidator> list = validators.get(pending.topic());
    if (list == null || list.isEmpty()) {
      return Verdict.ACCEPT;
    }
    PubSub.Message message = Messages.toApi(pending.topic(), pending.message(), pending.id());
    Verdict verdict = Verdict.ACCEPT;
    for (TopicValidator v : list) {
      ValidationResult r = run(v, pending, message);
      if (r == ValidationResult.REJECT) {
        return Verdict.REJECT;
      }
      if (r == ValidationResult.IGNORE) {
        verdict = Verdict.IGNORE;
      }
    }
    return verdict;
  }

  private ValidationResult run(TopicValidator v, PendingMessage pending, PubSub.Message message) {
    Future<ValidationResult> f = executor.submit(() -> v.validate(pending.from(), message));
    try {
      ValidationResult r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return r == null ? ValidationResult.IGNORE : r;
    } catch (TimeoutException e) {
      f.cancel(true);
      LOG.warn("a validator of a topic took longer than {}; message ignored", timeout);
      return ValidationResult.IGNORE;
    } catch (ExecutionException e) {
      LOG.warn("a validator threw; message ignored", e.getCause());
      return ValidationResult.IGNORE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ValidationResult.IGNORE;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
