/** The assembled node: Guice assembly, CLI, config. */
module org.subnetp2p.node {
  requires org.subnetp2p.core;
  requires org.subnetp2p.protocols.task;
  requires com.google.guice;
  requires info.picocli;
  requires org.slf4j;
}
