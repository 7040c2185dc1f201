/** TaskProtocol: the worked example of a custom request/response protocol. */
module org.subnetp2p.protocols.task {
  requires transitive org.subnetp2p.core;
  requires transitive com.google.protobuf;
  requires org.slf4j;

  exports org.subnetp2p.protocols.task;
  exports org.subnetp2p.protocols.task.pb;
}
