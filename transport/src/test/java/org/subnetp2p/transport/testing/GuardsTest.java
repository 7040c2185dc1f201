package org.subnetp2p.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.testing.NoBlockingCalls;
import reactor.blockhound.BlockingOperationError;

/**
 * The blocking-call guard every transport test runs with is active (the leak check, shared by every
 * module, is tested in testkit).
 */
class GuardsTest {
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
