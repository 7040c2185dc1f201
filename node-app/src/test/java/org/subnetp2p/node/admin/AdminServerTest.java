package org.subnetp2p.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.node.admin.CalledAdminNode.Response;
import org.subnetp2p.protocols.task.TaskProtocol;

/** The admin endpoint of a real node on loopback, after a real call from another node. */
class AdminServerTest {
  private static final String TASK = TaskProtocol.PROTOCOL_ID;

  @RegisterExtension final CalledAdminNode nodes = new CalledAdminNode();

  private Response get(String path) throws IOException {
    return nodes.get(path);
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(nodes.server().adminAddress().orElseThrow().getAddress().isLoopbackAddress())
        .isTrue();
    assertThat(nodes.client().adminAddress()).isEmpty();
    assertThatThrownBy(
            () ->
                AdminServer.start(
                    new InetSocketAddress("0.0.0.0", 0), nodes.server().host(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void aRequestNamingAnotherHostIsRefusedAgainstDnsRebinding() throws Exception {
    InetSocketAddress admin = nodes.server().adminAddress().orElseThrow();
    assertThat(statusLine(admin, "evil.example:" + admin.getPort())).contains(" 403 ");
    assertThat(statusLine(admin, "127.0.0.1.evil.example")).contains(" 403 ");
    assertThat(statusLine(admin, "localhost:" + admin.getPort())).contains(" 200 ");
    assertThat(statusLine(admin, "[::1]:" + admin.getPort())).contains(" 200 ");
    assertThat(statusLine(admin, "127.0.0.1:" + admin.getPort())).contains(" 200 ");
  }

  /** The status line of a GET of /peers with {@code host} as its Host header, over a raw socket. */
  private static String statusLine(InetSocketAddress admin, String host) throws IOException {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(admin, 5000);
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET /peers HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return response.lines().findFirst().orElse("");
    }
  }

  @Test
  void healthSaysOk() throws Exception {
    Response r = get("/health");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void peersListsTheCallerWithItsConnectionAndProtocols() throws Exception {
    Response r = get("/peers");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode json = new ObjectMapper().readTree(r.body());
    assertThat(json.get("peerId").asText()).isEqualTo(nodes.server().peerId().toString());
    assertThat(json.get("listen").get(0).asText())
        .isEqualTo(nodes.server().host().dialableAddresses().get(0).toString());
    assertThat(json.get("peers")).hasSize(1);
    JsonNode peer = json.get("peers").get(0);
    assertThat(peer.get("peerId").asText()).isEqualTo(nodes.client().peerId().toString());
    assertThat(peer.get("connected").asBoolean()).isTrue();
    assertThat(peer.get("direction").asText()).isEqualTo("inbound");
    assertThat(peer.get("remoteAddress").asText()).startsWith("/ip4/127.0.0.1/tcp/");
    assertThat(peer.get("streams").isInt()).isTrue();
    assertThat(peer.get("addresses").get(0).get("source").asText()).isIn("connection", "identify");
    // identify runs right after the connection: give it its moment
    JsonNode protocols = awaitProtocols();
    assertThat(protocols.toString()).contains(TASK, "/ipfs/id/1.0.0");
  }

  private JsonNode awaitProtocols() {
    return Awaitility.await("the peer's protocols")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                new ObjectMapper()
                    .readTree(get("/peers").body())
                    .get("peers")
                    .get(0)
                    .get("protocols"),
            protocols -> !protocols.isEmpty());
  }

  @Test
  void metricsAreInThePrometheusTextFormat() throws Exception {
    Response r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    String task = "protocol=\"" + TASK + "\"";
    assertThat(r.body())
        .contains("# TYPE subnet_connections_open gauge\n")
        .contains("subnet_connections_open{direction=\"inbound\"} 1.0\n")
        .contains("# TYPE subnet_streams_open gauge\nsubnet_streams_open ")
        .contains(
            "subnet_protocol_inbound_duration_seconds_count{outcome=\"ok\"," + task + "} 1\n",
            "subnet_protocol_call_duration_seconds_count{outcome=\"ok\"," + task + "} 0\n",
            "# TYPE subnet_protocol_call_duration_seconds histogram\n",
            "subnet_protocol_call_duration_seconds_bucket{outcome=\"ok\","
                + task
                + ",le=\"5.0E-4\"} 0\n",
            "subnet_protocol_call_duration_seconds_bucket{outcome=\"ok\","
                + task
                + ",le=\"+Inf\"} 0\n");
    PrometheusText.check(r.body());
  }

  @Test
  void theCallersHistogramCountsItsCall() throws Exception {
    String text = MetricsText.of(nodes.client().host(), Map.of()).scrape();

    String ok = "{outcome=\"ok\",protocol=\"" + TASK + "\"";
    assertThat(text)
        .contains("subnet_protocol_call_duration_seconds_bucket" + ok + ",le=\"+Inf\"} 1\n")
        .contains("subnet_protocol_call_duration_seconds_count" + ok + "} 1\n")
        .containsPattern(
            // any positive duration: a first call on a loaded machine can take over a second
            "subnet_protocol_call_duration_seconds_sum\\{outcome=\"ok\",protocol=\"[^\"]+\"\\}"
                + " \\d+\\.\\d+(E-\\d+)?\n");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    assertThat(get("/health/more").statusCode()).isEqualTo(404);
    Response post = nodes.request("POST", "/health");
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
