package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;

/** What the host records in its registry, over real TCP connections. */
class HostMetersTest {
  private static final String ECHO = "/test/echo/1.0.0";
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void close() {
    hosts.close();
  }

  @Test
  void countsConnectionsStreamsAndBytesOnBothSides() throws Exception {
    NettyHost server = hosts.start();
    NettyHost client = hosts.start();
    server.setStreamHandler(
        ECHO,
        s -> {
          byte[] b = new byte[5];
          int n = s.read(b, 0, b.length);
          s.write(b, 0, n);
        });

    Connection c = client.connect(server.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    try (Stream s = c.newStream(List.of(ECHO)).get(10, TimeUnit.SECONDS)) {
      s.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
      assertThat(s.read(new byte[5], 0, 5)).isPositive();
    }

    MeterRegistry out = client.meterRegistry();
    assertThat(count(out, "subnet.connections.opened", "direction", "outbound")).isEqualTo(1);
    assertThat(out.get("subnet.connections.open").tag("direction", "outbound").gauge().value())
        .isEqualTo(1);
    assertThat(
            out.get("subnet.streams.opened")
                .tags("protocol", ECHO, "direction", "outbound")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(out.get("subnet.transport.sent").counter().count()).isGreaterThan(5);
    MeterRegistry in = server.meterRegistry();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                in.find("subnet.streams.opened")
                        .tags("protocol", ECHO, "direction", "inbound")
                        .counter()
                    != null);
    assertThat(count(in, "subnet.connections.opened", "direction", "inbound")).isEqualTo(1);
    assertThat(in.get("subnet.transport.received").counter().count()).isGreaterThan(5);
    assertThat(
            in.get("subnet.gater.decisions")
                .tags("stage", "secured", "decision", "admitted")
                .counter()
                .count())
        .isEqualTo(1);

    c.close();
    // Each side counts the close by why: the client closed it, the server heard its GoAway.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> closed(out, "outbound", "local") == 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> closed(in, "inbound", "remote_goaway") == 1);
    assertThat(out.get("subnet.connections.closed").counters())
        .as("one close, under one reason")
        .extracting(Counter::count)
        .containsOnly(0.0, 1.0)
        .filteredOn(n -> n == 1.0)
        .hasSize(1);
  }

  private static double closed(MeterRegistry r, String direction, String reason) {
    return r.get("subnet.connections.closed")
        .tags("direction", direction, "reason", reason)
        .counter()
        .count();
  }

  @Test
  void countsTheGatersRefusals() throws Exception {
    ConnectionGater refuseAll = (peer, direction) -> false;
    NettyHost server = hosts.start(b -> b.gater(refuseAll));
    NettyHost client = hosts.start();

    assertThatThrownBy(
            () -> client.connect(server.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS))
        .isNotNull();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server
                        .meterRegistry()
                        .get("subnet.gater.decisions")
                        .tags("stage", "secured", "decision", "refused")
                        .counter()
                        .count()
                    == 1);
    assertThat(count(server.meterRegistry(), "subnet.connections.opened", "direction", "inbound"))
        .isZero();
  }

  private static double count(MeterRegistry r, String name, String key, String value) {
    return r.get(name).tag(key, value).counter().count();
  }
}
