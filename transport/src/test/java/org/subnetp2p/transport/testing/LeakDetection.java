package org.subnetp2p.transport.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Turns Netty's leak reports into test failures. As a {@link LauncherSessionListener} (registered
 * through {@code META-INF/services}) it installs, before any test class loads a buffer, leak
 * detectors that record what they report; as an extension it fails a test class after which a leak
 * was reported. Run with {@code -Dio.netty.leakDetection.level=paranoid} to track every buffer.
 */
public final class LeakDetection implements LauncherSessionListener, AfterAllCallback {
  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    install();
  }

  /** Installs the recording detectors; a no-op once buffers were created. */
  static void install() {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          @SuppressWarnings("deprecation") // the abstract method Netty still calls
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
          }

          @Override
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval) {
            ResourceLeakDetector<T> detector =
                new ResourceLeakDetector<>(resource, samplingInterval);
            detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked:\n" + records));
            return detector;
          }
        });
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    collectGarbage();
    // Detection runs when a buffer is allocated after the leaked one was collected.
    ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
    probe.release();
    List<String> leaks = new ArrayList<>();
    String leak;
    while ((leak = LEAKS.poll()) != null) {
      leaks.add(leak);
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " ByteBuf leak(s) reported by Netty; the first:\n" + leaks.get(0));
    }
  }

  /** Runs a GC and waits until the reference handler has processed what it found. */
  private static void collectGarbage() throws InterruptedException {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    Reference<Object> sentinel = new WeakReference<>(new Object(), queue);
    for (int i = 0; i < 10 && queue.remove(100) == null; i++) {
      System.gc();
    }
    Reference.reachabilityFence(sentinel);
  }
}
