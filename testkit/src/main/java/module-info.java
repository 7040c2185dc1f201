/**
 * The project's test kit. {@link org.subnetp2p.testkit} is an in-memory network implementing core's
 * host SPI, for simulations at scale: protocol code runs on it unchanged, with configurable
 * latency, loss, partitions and peers that vanish. {@link org.subnetp2p.testkit.leaks.NoLeaks}
 * fails a test after which Netty's leak detector reported a ByteBuf leak; it registers itself
 * through {@code META-INF/services}, a module turns it on with {@code
 * junit.jupiter.extensions.autodetection.enabled = true} in its {@code junit-platform.properties},
 * and the parent POM points Netty's leak detector at {@link
 * org.subnetp2p.testkit.leaks.LeakRecorder} for every test JVM. Netty and JUnit are optional here
 * (only the leak check needs them), so a simulation pulls in neither.
 */
module org.subnetp2p.testkit {
  requires transitive org.subnetp2p.core;
  requires org.slf4j;
  requires static io.netty.buffer;
  requires static transitive io.netty.common;
  requires static transitive org.junit.jupiter.api;

  exports org.subnetp2p.testkit;
  exports org.subnetp2p.testkit.leaks;

  provides org.junit.jupiter.api.extension.Extension with
      org.subnetp2p.testkit.leaks.NoLeaks;
}
