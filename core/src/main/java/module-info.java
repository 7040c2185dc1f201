/** Core API and SPIs: identity, multiaddr, host, request/response template. */
module org.subnetp2p.core {
  requires transitive com.google.protobuf;
  requires org.slf4j;

  exports org.subnetp2p.core.encoding;
  exports org.subnetp2p.core.identity;
  exports org.subnetp2p.core.multiaddr;
}
