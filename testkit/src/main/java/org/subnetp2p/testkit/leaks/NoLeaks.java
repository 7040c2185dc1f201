package org.subnetp2p.testkit.leaks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which Netty reports a ByteBuf leak (see {@link LeakRecorder}). A leak shows
 * only once the collector has found the lost buffer and a later allocation polls for it, so this
 * collects garbage and allocates before it looks. A leak the collector finds only during a later
 * test fails that test, but the failure names the test that allocated the buffer, whatever the
 * order the tests ran in. Registered for every test of every module that depends on testkit,
 * through this artifact's {@code META-INF/services} and the module's {@code
 * junit.jupiter.extensions.autodetection.enabled = true} ({@code junit-platform.properties}).
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {
  /** Called by JUnit's extension auto-detection. */
  public NoLeaks() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    LeakRecorder.running(context.getUniqueId());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      ReferenceQueue<Object> collected = new ReferenceQueue<>();
      WeakReference<Object> marker = new WeakReference<>(new Object(), collected);
      System.gc();
      collected.remove(1000); // the reference handler has processed this collection
      marker.clear();
      ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1); // reports come out here
      probe.release();
      probe = PooledByteBufAllocator.DEFAULT.directBuffer(1);
      probe.release();
    }
    if (!LeakRecorder.installed()) {
      throw new AssertionError(
          "The leak check is off: Netty's leak detector is not LeakRecorder. The test JVM needs"
              + " -Dio.netty.customResourceLeakDetector="
              + LeakRecorder.class.getName()
              + " and -Dio.netty.leakDetection.level=paranoid (the parent POM sets both).");
    }
    LeakRecorder.running("no test (after " + context.getUniqueId() + ")");
    List<LeakRecorder.Leak> leaks = LeakRecorder.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " ByteBuf leak(s); allocated during: "
              + leaks.stream()
                  .map(LeakRecorder.Leak::allocatedDuring)
                  .distinct()
                  .collect(Collectors.joining(", "))
              + "\n"
              + leaks.stream().map(LeakRecorder.Leak::report).collect(Collectors.joining("\n")));
    }
  }
}
