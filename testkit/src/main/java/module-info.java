/**
 * An in-memory network implementing core's host SPI, for simulations at scale: protocol code runs
 * on it unchanged, with configurable latency, loss, partitions and peers that vanish.
 */
module org.subnetp2p.testkit {
  requires transitive org.subnetp2p.core;
  requires org.slf4j;

  exports org.subnetp2p.testkit;
}
