package org.subnetp2p.transport.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The server of {@link FdLimitTest}, in a JVM of its own run under a low open-file limit: a host
 * that echoes one byte per stream of {@link #ECHO}. Prints {@code listening <address>}, then
 * answers each {@code count} line on stdin with {@code connections=… acceptFailures=…}; ends with
 * stdin.
 */
final class FdLimitedServer {
  static final String ECHO = "/test/echo/1.0.0";

  private FdLimitedServer() {}

  public static void main(String[] args) throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    NettyHost host =
        new NettyHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .maxConnections(Integer.MAX_VALUE)
                // Its handshakes may be slow on a loaded machine; giving up on them is not what
                // the test is about (the dialler's own deadline decides).
                .dialTimeout(Duration.ofSeconds(60))
                .meterRegistry(meters)
                .build());
    host.setStreamHandler(
        ECHO,
        s -> {
          byte[] b = new byte[1];
          if (s.read(b, 0, 1) == 1) {
            s.write(b, 0, 1);
          }
        });
    host.start();
    System.out.println("listening " + host.dialableAddresses().get(0));
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("count")) {
        System.out.println(
            "connections="
                + host.connections().size()
                + " acceptFailures="
                + (long) meters.get("subnet.connections.accept.failures").counter().count());
        System.out.flush();
      }
    }
    host.close();
    System.exit(0);
  }
}
