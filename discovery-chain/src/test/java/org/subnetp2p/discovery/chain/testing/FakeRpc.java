package org.subnetp2p.discovery.chain.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP JSON-RPC endpoint on 127.0.0.1 that misbehaves on demand in front of a real chain: it
 * passes calls through to the chain, or hangs, answers garbage, answers JSON of the wrong shape, or
 * streams an endless answer. For the reader's and the gaters' bad-input tests.
 */
public final class FakeRpc implements AutoCloseable {
  /** How it answers. */
  public enum Mode {
    /** Forwards each call to the real chain. */
    PASS,
    /** Never answers (until closed). */
    HANG,
    /** Answers 200 with a body that is not JSON. */
    GARBAGE,
    /** Answers JSON-RPC whose result is an object where a number or data is expected. */
    WRONG_SHAPE,
    /** Answers 200 and streams 64 MiB of whitespace. */
    ENDLESS
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI upstream;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;

  /** In front of the chain at {@code upstream}. */
  public FakeRpc(URI upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void mode(Mode m) {
    mode = m;
  }

  /** Calls received so far. */
  public int calls() {
    return calls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      switch (mode) {
        case PASS -> {
          HttpResponse<byte[]> answer =
              client.send(
                  HttpRequest.newBuilder(upstream)
                      .timeout(Duration.ofSeconds(10))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          send(exchange, answer.body());
        }
        case HANG -> closing.await(2, TimeUnit.MINUTES);
        case GARBAGE ->
            send(exchange, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
        case WRONG_SHAPE ->
            send(
                exchange,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"number\":[1,2,3]}}"
                    .getBytes(StandardCharsets.UTF_8));
        case ENDLESS -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1024 && closing.getCount() > 0; i++) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // the client gave up, as it should
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
