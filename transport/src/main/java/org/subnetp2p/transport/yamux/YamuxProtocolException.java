package org.subnetp2p.transport.yamux;

import io.netty.handler.codec.DecoderException;

/**
 * The remote broke the Yamux protocol. The session answers with GoAway(protocol error) and closes
 * the connection. A {@link DecoderException} so that the frame decoder can throw it unwrapped.
 */
final class YamuxProtocolException extends DecoderException {
  private static final long serialVersionUID = 1L;

  YamuxProtocolException(String message) {
    super(message);
  }
}
