package org.subnetp2p.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which Netty reports a ByteBuf leak (see {@link LeakRecorder}). A leak shows
 * only once the collector has found the lost buffer and a later allocation polls for it, so this
 * collects garbage and allocates before it looks. Registered for every transport test through
 * extension auto-detection (see the module's Surefire configuration).
 */
public final class NoLeaks implements AfterEachCallback {
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
    assertThat(LeakRecorder.drain()).as("ByteBuf leaks").isEmpty();
  }
}
