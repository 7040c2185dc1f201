package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.gossipsub.pb.Message;

/** Everything the router asks of the world around it. No method may block. */
public interface RouterOutput {

  /**
   * Queues {@code rpc} for {@code peer}. Control frames go ahead of messages; {@code written}, when
   * not {@code null}, completes once the frame is written, or exceptionally if it is dropped.
   */
  void send(PeerId peer, byte[] rpc, boolean control, CompletableFuture<Void> written);

  /**
   * Validates {@code pending} off the router's thread; the answer comes back through {@link
   * Router#validated}.
   */
  void validate(PendingMessage pending);

  /** Hands a valid message on a subscribed topic to this node's subscriptions. */
  void deliver(String topic, Message message, ByteString id, PeerId receivedFrom);

  /**
   * Connects to {@code peer}, learned through peer exchange with its signed record (may be empty).
   */
  void connect(PeerId peer, ByteString signedRecord);
}
