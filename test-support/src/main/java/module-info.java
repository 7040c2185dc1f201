/**
 * Test guards for every module whose tests run Netty, used in test scope only: {@link
 * org.subnetp2p.testsupport.NoLeaks} fails a test after which Netty's leak detector reported a
 * ByteBuf leak. It registers itself through {@code META-INF/services}; a module turns it on with
 * {@code junit.jupiter.extensions.autodetection.enabled = true} in its {@code
 * junit-platform.properties}, and the parent POM points Netty's leak detector at {@link
 * org.subnetp2p.testsupport.LeakRecorder} for every test JVM.
 */
module org.subnetp2p.testsupport {
  requires io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive org.junit.jupiter.api;

  exports org.subnetp2p.testsupport;

  provides org.junit.jupiter.api.extension.Extension with
      org.subnetp2p.testsupport.NoLeaks;
}
