/** TaskProtocol: the worked example of a custom request/response protocol. */
module org.subnetp2p.protocols.task {
  requires org.subnetp2p.core;
  requires org.slf4j;
}
