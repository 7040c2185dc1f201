package org.subnetp2p.transport.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.host.TestHosts;
import org.subnetp2p.transport.protocols.IdentifyInfo;
import org.subnetp2p.transport.protocols.IdentifyService;
import org.subnetp2p.transport.protocols.PerfService;
import org.subnetp2p.transport.protocols.PingService;

/**
 * Our host against a real js-libp2p 3.x peer (interop/js-peer, started from npm), both directions:
 * Noise + Yamux handshake, identify, ping, the task protocol and perf.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JsInteropTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final long TEN_MIB = 10L * 1024 * 1024;

  private static TestHosts hosts;
  private static NettyHost java;
  private static JsPeer js;

  @BeforeAll
  static void start() throws Exception {
    hosts = new TestHosts();
    java = hosts.start();
    TaskProtocol.serve(java);
    // libp2p's own errors (a muxer abort, say) go to the log failures show.
    js = JsPeer.start(Map.of("DEBUG", "libp2p:*:error"), "--listen", "/ip4/127.0.0.1/tcp/0");
  }

  @AfterAll
  static void stop() {
    if (js != null) {
      js.close();
    }
    hosts.close();
  }

  private static Multiaddr javaAddress() {
    return java.dialableAddresses().get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void javaDialsJsAndIdentifiesIt() throws Exception {
    Connection c = java.connect(js.addresses().get(0)).get(20, TimeUnit.SECONDS);
    IdentifyInfo info = java.identifyService().identified(js.peerId()).get(20, TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(js.peerId());
    assertThat(info.protocols())
        .contains(
            TaskProtocol.PROTOCOL_ID,
            PerfService.PROTOCOL_ID,
            PingService.PROTOCOL_ID,
            IdentifyService.PROTOCOL_ID);
    assertThat(info.listenAddresses())
        .containsAll(js.addresses().stream().map(Multiaddr::withoutPeerId).toList());
    assertThat(info.agentVersion()).isNotBlank();
  }

  @Test
  void jsDialsJavaAndIdentifiesIt() throws Exception {
    js.command("dial", T, "addr", javaAddress().toString());
    JsonNode info = js.command("identify", T, "peerId", java.peerId().toString());

    assertThat(texts(info.get("protocols")))
        .contains(TaskProtocol.PROTOCOL_ID, PerfService.PROTOCOL_ID, PingService.PROTOCOL_ID);
    assertThat(texts(info.get("listenAddrs")))
        .containsAll(java.listenAddresses().stream().map(Multiaddr::toString).toList());
    assertThat(info.get("agentVersion").asText()).isEqualTo("subnet-p2p/0.1");
  }

  @Test
  void pingBothWays() throws Exception {
    java.connect(js.addresses().get(0)).get(20, TimeUnit.SECONDS);
    assertThat(PingService.ping(java, js.peerId(), T)).isPositive();

    JsonNode fromJs = js.command("ping", T, "addr", javaAddress().toString());
    assertThat(fromJs.get("rttMs").asDouble()).isPositive();
  }

  @Test
  void javaCallsTheJsTaskProtocol() throws Exception {
    TaskProtocol caller = TaskProtocol.serve(hosts.start());

    TaskResponse r =
        caller
            .callRemote(js.addresses().get(0), "t1", ByteString.copyFromUtf8("ab"))
            .get(20, TimeUnit.SECONDS);

    assertThat(r.getAccepted()).isTrue();
    assertThat(r.getResult().toStringUtf8()).isEqualTo("AB");
  }

  @Test
  void jsCallsTheJavaTaskProtocol() throws Exception {
    String payload =
        Base64.getEncoder().encodeToString("hello from js".getBytes(StandardCharsets.UTF_8));

    JsonNode r =
        js.command(
            "call", T, "addr", javaAddress().toString(), "taskId", "t2", "payloadB64", payload);

    assertThat(r.get("accepted").asBoolean()).isTrue();
    assertThat(
            new String(
                Base64.getDecoder().decode(r.get("resultB64").asText()), StandardCharsets.UTF_8))
        .isEqualTo("HELLO FROM JS");
  }

  /**
   * A js server that closes the connection right after writing its response, without closing the
   * stream first: the Java caller still gets the response, from what arrived before the end.
   */
  @Test
  void javaGetsTheResponseOfAJsServerThatClosesTheConnectionRightAfterWriting() throws Exception {
    NettyHost callerHost = hosts.start();
    TaskProtocol caller = TaskProtocol.serve(callerHost);
    js.command("taskServerMode", T, "closeConnectionAfterReply", true);
    try {
      for (int i = 0; i < 5; i++) {
        TaskResponse r =
            caller
                .callRemote(js.addresses().get(0), "t" + i, ByteString.copyFromUtf8("abrupt " + i))
                .get(20, TimeUnit.SECONDS);
        assertThat(r.getResult().toStringUtf8()).isEqualTo("ABRUPT " + i);
        // The next call dials anew.
        await().atMost(T).until(() -> callerHost.connection(js.peerId()).isEmpty());
      }
    } finally {
      js.command("taskServerMode", T, "closeConnectionAfterReply", false);
    }
  }

  /**
   * A Java server that closes the connection right after writing its response (no half-close, no
   * wait): the js caller still gets the response. Without {@code OrderlyClose} it got EOF in 5 of
   * 60 runs (60 of 60 with it): the close met the caller's unread frames and went out as RST. Ten
   * runs here.
   */
  @org.junit.jupiter.api.RepeatedTest(10)
  void jsGetsTheResponseOfAJavaServerThatClosesTheConnectionRightAfterWriting() throws Exception {
    NettyHost abrupt = hosts.start();
    abrupt.setStreamHandler(
        TaskProtocol.PROTOCOL_ID,
        s -> {
          TaskRequest request = TaskRequest.parseDelimitedFrom(s.inputStream());
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          TaskResponse.newBuilder()
              .setAccepted(true)
              .setResult(
                  ByteString.copyFromUtf8(
                      request.getPayload().toStringUtf8().toUpperCase(Locale.ROOT)))
              .build()
              .writeDelimitedTo(out);
          s.write(out.toByteArray());
          s.connection().close();
        });
    String payload = Base64.getEncoder().encodeToString("abrupt".getBytes(StandardCharsets.UTF_8));

    JsonNode r =
        js.command(
            "call",
            T,
            "addr",
            abrupt.dialableAddresses().get(0).toString(),
            "taskId",
            "t3",
            "payloadB64",
            payload);

    assertThat(r.get("accepted").asBoolean()).isTrue();
    assertThat(
            new String(
                Base64.getDecoder().decode(r.get("resultB64").asText()), StandardCharsets.UTF_8))
        .isEqualTo("ABRUPT");
  }

  @Test
  void perfJavaAgainstJs() throws Exception {
    java.connect(js.addresses().get(0)).get(20, TimeUnit.SECONDS);

    PerfService.Result r;
    try {
      r = PerfService.run(java, js.peerId(), TEN_MIB, TEN_MIB, Duration.ofSeconds(60));
    } catch (IOException e) {
      // The js server only resets the stream; why it did is in its log.
      throw new AssertionError("perf against js failed: " + e + "\n" + js.logs(), e);
    }

    assertThat(r.uploaded()).isEqualTo(TEN_MIB);
    assertThat(r.downloaded()).isEqualTo(TEN_MIB);
  }

  @Test
  void perfJsAgainstJava() throws Exception {
    JsonNode r =
        js.command(
            "perf",
            Duration.ofSeconds(60),
            "addr",
            javaAddress().toString(),
            "upload",
            TEN_MIB,
            "download",
            TEN_MIB);

    assertThat(r.get("uploadBytes").asLong()).isEqualTo(TEN_MIB);
    assertThat(r.get("downloadBytes").asLong()).isEqualTo(TEN_MIB);
  }
}
