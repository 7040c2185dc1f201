package org.subnetp2p.bench.chain;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in for a Hypertensor node's JSON-RPC that answers every {@code network_proofOfStake} with
 * {@code true} (a real node cannot run here): what the {@code pos} gater's cost is measured
 * against. It answers without parsing, so the figure is the gater's and HTTP's, not a chain's.
 */
final class ProofOfStakeStandIn implements AutoCloseable {
  private final HttpServer server;

  ProofOfStakeStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
