package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskRunner;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * A peer that vanishes without closing its connection (power loss, partition: here a proxy that
 * stops moving bytes) is found by keep-alive: the connection closes, the calls in flight fail at
 * once with a typed error rather than at their deadline, and the address is marked as failing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeadPeerTest {
  private final TestHosts hosts = new TestHosts();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch handling = new CountDownLatch(1);
  private FreezableProxy proxy;

  @AfterEach
  void close() throws Exception {
    release.countDown();
    hosts.close();
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aFrozenPeerIsFoundByKeepAliveAndItsCallsFailAtOnce() throws Exception {
    // Generous against a loaded machine: a live peer answers a ping well within 2 s.
    Duration interval = Duration.ofMillis(200);
    Duration timeout = Duration.ofSeconds(2);
    NettyHost a = hosts.start(c -> c.keepAliveInterval(interval).keepAliveTimeout(timeout));
    NettyHost b = hosts.start();
    TaskProtocol.serve(
        b,
        (taskId, payload) -> {
          handling.countDown();
          release.await(60, TimeUnit.SECONDS); // a call that stays in flight
          return payload;
        },
        RequestResponseOptions.DEFAULTS);
    TaskProtocol caller =
        TaskProtocol.serve(
            a,
            TaskRunner.UPPER_CASE,
            RequestResponseOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(90)));
    String[] parts = b.listenAddresses().get(0).toString().split("/");
    proxy = new FreezableProxy(new InetSocketAddress("127.0.0.1", Integer.parseInt(parts[4])));
    Multiaddr viaProxy = proxy.address(b.peerId());

    CompletableFuture<TaskResponse> call =
        caller.callRemote(viaProxy, "t1", ByteString.copyFromUtf8("x"));
    // In flight: b's handler has the request (the connection's identify stream does not count).
    assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
    proxy.freeze();

    // Well before the call's own 90 s deadline.
    assertThatThrownBy(() -> call.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StreamResetException.class)
        .hasRootCauseMessage(
            "yamux keep-alive: the peer did not answer within " + timeout.toMillis() + " ms");
    assertThat(a.connection(b.peerId())).isEmpty();
    assertThat(a.addressBook().entries(b.peerId()))
        .filteredOn(e -> e.address().equals(viaProxy.withoutPeerId()))
        .singleElement()
        .satisfies(e -> assertThat(e.failing()).isTrue())
        .extracting(AddressBook.Entry::source)
        .isEqualTo(AddressBook.Source.CONNECTION);
  }
}
