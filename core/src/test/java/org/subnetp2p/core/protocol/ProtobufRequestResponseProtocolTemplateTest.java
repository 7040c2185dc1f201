package org.subnetp2p.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.testing.EchoProtocol.bytes;
import static org.subnetp2p.core.testing.EchoProtocol.text;

import com.google.protobuf.BytesValue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.testing.EchoProtocol;
import org.subnetp2p.core.testing.MemoryHost;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.core.testing.RequestResponseContractTest;
import org.subnetp2p.core.testing.TestPeers;

/**
 * The template over in-memory streams: the shared contract, plus what only an in-memory host can
 * force, such as one-byte reads, a dial shared by several callers, and the rules of {@code serve}.
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
    EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);
    memoryServer().onStreamDispatched(s -> s.setMaxReadChunk(1));
    memoryClient().onStreamOpened(s -> s.setMaxReadChunk(1));

    String big = "x".repeat(300); // a two-byte length prefix, read one byte at a time
    BytesValue response = caller.callRemote(serverAddress(), bytes(big)).get();

    assertThat(text(response)).isEqualTo(big.toUpperCase());
  }

  @Test
  void aCallThatGivesUpLeavesTheSharedDialToTheOtherCallers() throws Exception {
    EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);
    Connection connection = client.connect(serverAddress()).get(10, TimeUnit.SECONDS);
    CompletableFuture<Connection> sharedDial = new CompletableFuture<>();
    memoryClient().stallDials(sharedDial);

    CompletableFuture<BytesValue> impatient =
        caller.callRemote(
            serverAddress(), bytes("a"), CallOptions.withTimeout(Duration.ofMillis(200)));
    CompletableFuture<BytesValue> patient = caller.callRemote(serverAddress(), bytes("b"));
    Throwable error = failureOf(impatient);
    sharedDial.complete(connection); // the dial finishes after the first caller gave up

    assertThat(error).isInstanceOf(RequestTimeoutException.class);
    assertThat(((RequestTimeoutException) error).phase()).isEqualTo(CallPhase.DIALING);
    assertThat(sharedDial).isNotCancelled();
    assertThat(text(patient.get(30, TimeUnit.SECONDS))).isEqualTo("B");
  }

  @Test
  void serveRegistersTheProtocolOnlyOnceItsConstructorHasReturned() {
    Recorder protocol = ProtocolBase.serve(server, Recorder::new);

    assertThat(protocol.servedWhileConstructing).isFalse();
    assertThat(server.protocols()).contains(EchoProtocol.ID);
  }

  @Test
  void aConstructorThatThrowsRegistersNothing() {
    assertThatThrownBy(
            () ->
                ProtocolBase.serve(
                    server,
                    setup -> {
                      throw new IllegalStateException("cannot build");
                    }))
        .hasMessage("cannot build");
    assertThat(server.protocols()).doesNotContain(EchoProtocol.ID);
  }

  @Test
  void aSetupBuildsOneProtocolOnly() {
    assertThatThrownBy(
            () ->
                ProtocolBase.serve(
                    server,
                    setup -> {
                      new Recorder(setup);
                      return new Recorder(setup);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void serveRefusesAProtocolBuiltFromAnotherSetup() {
    Recorder existing = ProtocolBase.serve(client, Recorder::new);

    assertThatThrownBy(() -> ProtocolBase.serve(server, setup -> existing))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Records whether its host served its protocol id while its constructor was running. */
  static final class Recorder
      extends ProtobufRequestResponseProtocolTemplate<BytesValue, BytesValue> {
    final boolean servedWhileConstructing;

    Recorder(Setup setup) {
      super(
          setup,
          EchoProtocol.ID,
          BytesValue.parser(),
          BytesValue.parser(),
          LoggerFactory.getLogger(Recorder.class));
      servedWhileConstructing = setup.host().protocols().contains(EchoProtocol.ID);
    }

    @Override
    protected BytesValue handleRequest(IncomingRequestContext context, BytesValue request) {
      return request;
    }
  }
}
