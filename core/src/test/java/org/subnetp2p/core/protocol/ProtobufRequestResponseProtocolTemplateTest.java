package org.subnetp2p.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.subnetp2p.core.testing.EchoProtocol.bytes;

import com.google.protobuf.BytesValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.testing.EchoProtocol;
import org.subnetp2p.core.testing.MemoryHost;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.core.testing.RequestResponseContractTest;
import org.subnetp2p.core.testing.TestPeers;

/**
 * The template over in-memory streams: the shared contract, plus what only an in-memory host can
 * force, such as one-byte reads and a request that races the constructor.
 */
class ProtobufRequestResponseProtocolTemplateTest extends RequestResponseContractTest {
  private final MemoryNetwork network = new MemoryNetwork();

  @Override
  protected Host newHost() {
    return network.newHost(TestPeers.random());
  }

  private MemoryHost memoryClient() {
    return (MemoryHost) client;
  }

  private MemoryHost memoryServer() {
    return (MemoryHost) server;
  }

  @Test
  void oneByteFragmentsInBothDirections() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);
    memoryServer().onStreamDispatched(s -> s.setMaxReadChunk(1));
    memoryClient().onStreamOpened(s -> s.setMaxReadChunk(1));

    String big = "x".repeat(300); // a two-byte length prefix, read one byte at a time
    BytesValue response = caller.callRemote(serverAddress(), bytes(big)).get();

    assertThat(response.getValue().toStringUtf8()).isEqualTo(big.toUpperCase());
  }

  @Test
  void requestArrivingBeforeTheSubclassConstructorFinishedWaitsForIt() throws Exception {
    EchoProtocol caller = new EchoProtocol(client);
    CountDownLatch arrived = new CountDownLatch(1);
    memoryServer().onStreamDispatched(s -> arrived.countDown());

    SlowlyConstructed slow = new SlowlyConstructed(server, caller, serverAddress(), arrived);

    assertThat(slow.inFlight.get(10, TimeUnit.SECONDS).getValue().toStringUtf8())
        .isEqualTo("suffix set in the constructor");
  }

  /** A protocol whose constructor is still running when its first request arrives. */
  static final class SlowlyConstructed
      extends ProtobufRequestResponseProtocolTemplate<BytesValue, BytesValue> {
    final CompletableFuture<BytesValue> inFlight;
    private final String suffix;

    SlowlyConstructed(Host host, EchoProtocol caller, Multiaddr self, CountDownLatch arrived)
        throws InterruptedException {
      super(
          host,
          EchoProtocol.ID,
          BytesValue.parser(),
          BytesValue.parser(),
          LoggerFactory.getLogger(SlowlyConstructed.class));
      inFlight = caller.callRemote(self, bytes("ignored"));
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // give a racing handler every chance to see the unset field
      suffix = "suffix set in the constructor";
    }

    @Override
    protected BytesValue handleRequest(IncomingRequestContext context, BytesValue request) {
      return bytes(suffix);
    }
  }
}
