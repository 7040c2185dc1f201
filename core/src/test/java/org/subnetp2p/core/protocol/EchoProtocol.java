package org.subnetp2p.core.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;

/** A test protocol: answers with the request's bytes upper-cased, or runs a test's behaviour. */
class EchoProtocol extends ProtobufRequestResponseProtocolTemplate<BytesValue, BytesValue> {
  static final String ID = "/test/echo/1.0.0";
  private static final Logger LOG = LoggerFactory.getLogger(EchoProtocol.class);

  /** What the handler does; tests swap it. */
  interface Behaviour {
    BytesValue handle(IncomingRequestContext ctx, BytesValue request) throws Exception;
  }

  private volatile Behaviour behaviour = EchoProtocol::upperCase;

  EchoProtocol(Host host, RequestResponseOptions options) {
    super(host, ID, BytesValue.parser(), BytesValue.parser(), LOG, options);
  }

  EchoProtocol(Host host) {
    this(host, RequestResponseOptions.DEFAULTS);
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  static BytesValue upperCase(IncomingRequestContext ctx, BytesValue request) {
    return bytes(request.getValue().toStringUtf8().toUpperCase(Locale.ROOT));
  }

  static BytesValue bytes(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  @Override
  protected BytesValue handleRequest(IncomingRequestContext context, BytesValue request)
      throws Exception {
    return behaviour.handle(context, request);
  }
}
