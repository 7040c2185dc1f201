package org.subnetp2p.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.testing.NoBlockingCalls;
import reactor.blockhound.BlockingOperationError;

/**
 * The guards every transport test runs with are active: a blocking call is caught, and a leaked
 * buffer is reported naming the test that allocated it.
 */
class GuardsTest {
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

    assertThat(leaks)
        .singleElement()
        .satisfies(leak -> assertThat(leak.allocatedDuring()).endsWith(thisTest));
  }

  private static void leakOneBuffer() {
    // Pooled: Netty tracks pooled buffers of either kind, unpooled ones only when direct.
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
    lost.writeInt(42); // dropped without release()
  }

  @Test
  void aBlockingCallOnAnEventLoopIsCaught() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Throwable thrown =
          group
              .submit(
                  () -> {
                    try {
                      Thread.sleep(1);
                      return null;
                    } catch (Throwable t) {
                      return t;
                    }
                  })
              .get(10, TimeUnit.SECONDS);

      assertThat(thrown).isInstanceOf(BlockingOperationError.class);
      assertThat(NoBlockingCalls.takeViolations())
          .singleElement()
          .asString()
          .contains("Thread.sleep", "multiThreadIoEventLoopGroup");
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }
}
