/**
 * libp2p on Netty: TCP, multistream-select, Noise, Yamux, identify, ping, perf. Provides the {@code
 * netty} host to core through {@link org.subnetp2p.core.host.spi.HostProvider}.
 */
module org.subnetp2p.transport {
  requires transitive org.subnetp2p.core;
  requires io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.handler;
  requires io.netty.codec;
  requires io.netty.common;
  requires com.google.protobuf;
  requires org.slf4j;
  requires org.bouncycastle.provider; // X25519 for Noise (lightweight API)

  exports org.subnetp2p.transport;
  exports org.subnetp2p.transport.protocols;

  provides org.subnetp2p.core.host.spi.HostProvider with
      org.subnetp2p.transport.NettyHostProvider;
}
