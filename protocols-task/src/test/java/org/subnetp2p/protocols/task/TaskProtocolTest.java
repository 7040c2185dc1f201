package org.subnetp2p.protocols.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.protocol.InvalidCallException;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.core.testing.MemoryHost;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.core.testing.TestPeers;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

class TaskProtocolTest {
  private final MemoryNetwork network = new MemoryNetwork();
  private final MemoryHost client = network.newHost(TestPeers.random());
  private final MemoryHost server = network.newHost(TestPeers.random());

  @Test
  void defaultRunnerUpperCasesThePayload() throws Exception {
    TaskProtocol.serve(server);
    TaskProtocol caller = TaskProtocol.serve(client);

    TaskResponse response =
        caller
            .callRemote(
                server.dialableAddresses().get(0),
                "score-batch-001",
                ByteString.copyFromUtf8("hello, Subnet!"))
            .get(10, TimeUnit.SECONDS);

    assertThat(response.getAccepted()).isTrue();
    assertThat(response.getResult().toStringUtf8()).isEqualTo("HELLO, SUBNET!");
    assertThat(response.getError()).isEmpty();
  }

  @Test
  void failingRunnerAnswersNotAcceptedWithTheReason() throws Exception {
    TaskProtocol.serve(
        server,
        (id, payload) -> {
          throw new IllegalArgumentException("payload too short for " + id);
        },
        RequestResponseOptions.DEFAULTS);
    TaskProtocol caller = TaskProtocol.serve(client);

    TaskResponse response =
        caller.callRemote(server.peerId(), "t9", ByteString.EMPTY).get(10, TimeUnit.SECONDS);

    assertThat(response.getAccepted()).isFalse();
    assertThat(response.getError()).isEqualTo("payload too short for t9");
  }

  @Test
  void aNullTaskIdFailsTheFuture() {
    TaskProtocol caller = TaskProtocol.serve(client);

    assertThat(caller.callRemote(server.peerId(), null, ByteString.EMPTY))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InvalidCallException.class);
  }

  @Test
  void messagesMatchTheSeedsBytes() {
    TaskRequest request =
        TaskRequest.newBuilder().setTaskId("t1").setPayload(ByteString.copyFromUtf8("ab")).build();
    TaskResponse response =
        TaskResponse.newBuilder()
            .setAccepted(true)
            .setResult(ByteString.copyFromUtf8("AB"))
            .build();

    assertThat(HexFormat.of().formatHex(request.toByteArray())).isEqualTo("0a02743112026162");
    assertThat(HexFormat.of().formatHex(response.toByteArray())).isEqualTo("080112024142");
  }

  @Test
  void upperCaseTouchesOnlyAsciiLetters() throws Exception {
    byte[] in = {'a', 'Z', '1', (byte) 0xe9, 'q'};

    assertThat(TaskRunner.UPPER_CASE.run("t", in)).containsExactly('A', 'Z', '1', (byte) 0xe9, 'Q');
  }
}
