package org.subnetp2p.gossipsub.runtime;

import com.google.protobuf.ByteString;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.wire.Authors;

/** Turns wire messages into the application's. */
public final class Messages {
  private Messages() {}

  /** The application's view of {@code message}, received on {@code topic}, with id {@code id}. */
  public static PubSub.Message toApi(String topic, Message message, ByteString id) {
    PeerId from = null;
    if (message.hasFrom()) {
      try {
        from = Authors.of(message.getFrom());
      } catch (RuntimeException e) {
        from = null; // a policy without signatures does not vouch for the author
      }
    }
    return new PubSub.Message(topic, from, message.getData().toByteArray(), id.toByteArray());
  }
}
