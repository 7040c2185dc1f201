package org.subnetp2p.testkit.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The leak check every Netty-using module's tests run with is active and names the culprit. */
class LeakRecorderTest {
  @Test
  void aLeakedBufferNamesTheTestThatAllocatedIt() {
    leakOneBuffer();
    String thisTest = "[method:aLeakedBufferNamesTheTestThatAllocatedIt()]";

    List<LeakRecorder.Leak> leaks = new ArrayList<>();
    Awaitility.await("the leak reported")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              System.gc();
              PooledByteBufAllocator.DEFAULT.heapBuffer(1).release(); // reports come out here
              leaks.addAll(LeakRecorder.drain()); // taken here, so NoLeaks sees none after
              return !leaks.isEmpty();
            });

    assertThat(LeakRecorder.installed()).isTrue();
    assertThat(leaks)
        .singleElement()
        .satisfies(leak -> assertThat(leak.allocatedDuring()).endsWith(thisTest));
  }

  private static void leakOneBuffer() {
    // Pooled: Netty tracks pooled buffers of either kind, unpooled ones only when direct.
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
    lost.writeInt(42); // dropped without release()
  }
}
