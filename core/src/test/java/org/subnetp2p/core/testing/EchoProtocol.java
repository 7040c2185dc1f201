package org.subnetp2p.core.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.protocol.IncomingRequestContext;
import org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate;
import org.subnetp2p.core.protocol.RequestResponseOptions;

/** A test protocol: answers with the request's bytes upper-cased, or runs a test's behaviour. */
public class EchoProtocol extends ProtobufRequestResponseProtocolTemplate<BytesValue, BytesValue> {
  public static final String ID = "/test/echo/1.0.0";
  private static final Logger LOG = LoggerFactory.getLogger(EchoProtocol.class);

  /** What the handler does; tests swap it. */
  public interface Behaviour {
    BytesValue handle(IncomingRequestContext ctx, BytesValue request) throws Exception;
  }

  private volatile Behaviour behaviour = EchoProtocol::upperCase;

  private EchoProtocol(Setup setup, RequestResponseOptions options) {
    super(setup, ID, BytesValue.parser(), BytesValue.parser(), LOG, options);
  }

  /** Serves the echo protocol on {@code host} with {@code options}. */
  public static EchoProtocol serve(Host host, RequestResponseOptions options) {
    return serve(host, setup -> new EchoProtocol(setup, options));
  }

  /** Serves the echo protocol on {@code host} with the default options. */
  public static EchoProtocol serve(Host host) {
    return serve(host, RequestResponseOptions.DEFAULTS);
  }

  public void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  public static BytesValue upperCase(IncomingRequestContext ctx, BytesValue request) {
    return bytes(request.getValue().toStringUtf8().toUpperCase(Locale.ROOT));
  }

  public static BytesValue bytes(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  public static String text(BytesValue value) {
    return value.getValue().toStringUtf8();
  }

  @Override
  protected BytesValue handleRequest(IncomingRequestContext context, BytesValue request)
      throws Exception {
    return behaviour.handle(context, request);
  }
}
