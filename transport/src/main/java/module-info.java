/** libp2p on Netty: TCP, multistream-select, Noise, Yamux, identify, ping, perf. */
module org.subnetp2p.transport {
  requires org.subnetp2p.core;
  requires io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.handler;
  requires io.netty.codec;
  requires io.netty.common;
  requires com.google.protobuf;
  requires org.slf4j;
}
