/**
 * TaskProtocol: the worked example of a custom request/response protocol. Provides it to the node
 * as the protocol {@code task}.
 */
module org.subnetp2p.protocols.task {
  requires transitive org.subnetp2p.core;
  requires transitive com.google.protobuf;
  requires org.slf4j;

  exports org.subnetp2p.protocols.task;
  exports org.subnetp2p.protocols.task.pb;

  provides org.subnetp2p.core.protocol.spi.ProtocolProvider with
      org.subnetp2p.protocols.task.TaskProtocolProvider;
}
