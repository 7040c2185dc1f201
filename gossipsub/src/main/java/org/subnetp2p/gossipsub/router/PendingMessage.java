package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.gossipsub.pb.Message;

/**
 * A message waiting for validation.
 *
 * @param id its message id
 * @param topic the topic it is handled on
 * @param message the message as received
 * @param from the peer that delivered it first
 */
public record PendingMessage(ByteString id, String topic, Message message, PeerId from) {}
