package org.subnetp2p.core.pubsub;

import org.subnetp2p.core.identity.PeerId;

/**
 * Decides whether a received message is valid for its topic. Runs on a virtual thread, after the
 * router's own checks (signature, size); it may block, within the router's validation deadline.
 */
@FunctionalInterface
public interface TopicValidator {
  /**
   * The verdict on {@code message}, received from {@code receivedFrom} (the peer that forwarded it,
   * not necessarily its author).
   */
  ValidationResult validate(PeerId receivedFrom, PubSub.Message message);
}
