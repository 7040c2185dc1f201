package org.subnetp2p.node.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.Reporting;

/**
 * The node's admin HTTP endpoint, on a loopback address only (it tells whoever asks about the
 * node's peers):
 *
 * <ul>
 *   <li>{@code GET /health}: {@code 200 ok}
 *   <li>{@code GET /peers}: JSON, see {@link PeersJson}
 *   <li>{@code GET /metrics}: the Prometheus text format, see {@link MetricsText}
 *   <li>{@code GET /status}: what the discoveries and the gater report (e.g. whether the chain can
 *       be reached), JSON, see {@link ReportsText}
 *   <li>{@code GET /pubsub}: JSON, the topics, their peers and mesh, and every peer's score; see
 *       {@link PubSubJson}
 *   <li>{@code GET /}: the network map page, see {@link MapPage}; it polls {@code GET /map.json},
 *       see {@link MapJson}
 * </ul>
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code host}'s state on {@code address}.
   *
   * @throws IllegalArgumentException if {@code address} is not a loopback address
   * @throws IOException if it cannot be bound, e.g. the port is in use
   */
  public static AdminServer start(
      InetSocketAddress address, Host host, Map<String, ProtocolBase<?, ?>> protocols)
      throws IOException {
    return start(address, host, protocols, Map.of(), Optional.empty());
  }

  /**
   * Serves {@code host}'s state on {@code address}, what {@code reports} (by config prefix, e.g.
   * {@code gater.chain}) tell on {@code /status} and {@code /metrics}, and {@code pubsub}'s state.
   *
   * @throws IllegalArgumentException if {@code address} is not a loopback address
   * @throws IOException if it cannot be bound, e.g. the port is in use
   */
  public static AdminServer start(
      InetSocketAddress address,
      Host host,
      Map<String, ProtocolBase<?, ?>> protocols,
      Map<String, Reporting> reports,
      Optional<PubSub> pubsub)
      throws IOException {
    return start(address, host, protocols, reports, pubsub, List.of());
  }

  /**
   * The same, with the node's {@code discoveries}: {@code /peers} shows, per peer, what each of
   * them knows of it now.
   *
   * @throws IllegalArgumentException if {@code address} is not a loopback address
   * @throws IOException if it cannot be bound, e.g. the port is in use
   */
  public static AdminServer start(
      InetSocketAddress address,
      Host host,
      Map<String, ProtocolBase<?, ?>> protocols,
      Map<String, Reporting> reports,
      Optional<PubSub> pubsub,
      List<MultiaddrDiscovery> discoveries)
      throws IOException {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the admin endpoint listens on a loopback address only, not " + address);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (BindException e) {
      throw new IOException(
          "cannot listen for the admin endpoint on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + ": address already in use",
          e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/health", ex -> respond(ex, "text/plain; charset=utf-8", () -> "ok"));
    server.createContext(
        "/peers", ex -> respond(ex, "application/json", () -> PeersJson.of(host, discoveries)));
    MetricsText metrics = MetricsText.of(host, reports);
    server.createContext("/metrics", ex -> respond(ex, MetricsText.CONTENT_TYPE, metrics::scrape));
    server.createContext(
        "/status", ex -> respond(ex, "application/json", () -> ReportsText.statusJson(reports)));
    server.createContext(
        "/pubsub", ex -> respond(ex, "application/json", () -> PubSubJson.of(pubsub)));
    server.createContext(
        "/map.json",
        ex ->
            respond(
                ex,
                "application/json",
                () -> MapJson.of(host, protocols, reports, pubsub, discoveries)));
    // "/" also receives every path no other context takes: respond() answers those 404.
    MapPage.CONTENT_TYPES.forEach(
        (path, type) ->
            server.createContext(path, ex -> respond(ex, type, () -> MapPage.body(path))));
    server.start();
    return new AdminServer(server, executor);
  }

  /** The bound address, its port resolved. */
  public InetSocketAddress address() {
    InetSocketAddress a = server.getAddress();
    return new InetSocketAddress(a.getAddress(), a.getPort());
  }

  private static void respond(HttpExchange exchange, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      if (!addressedToLoopback(exchange)) {
        send(exchange, 403, "text/plain; charset=utf-8", "forbidden: Host is not a loopback name");
      } else if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed");
      } else {
        send(exchange, 200, contentType, body.get());
      }
    } catch (RuntimeException e) {
      LOG.warn("admin request {} failed", exchange.getRequestURI(), e);
      throw e;
    }
  }

  /**
   * Whether the request names a loopback host (localhost, 127.x.x.x, ::1). Listening on loopback is
   * not enough against DNS rebinding: a web page whose own name a browser re-resolves to 127.0.0.1
   * reaches this port, but its requests carry that page's name as Host. Names are compared as text,
   * never resolved. A request without Host (HTTP/1.0, not a browser) is served.
   */
  static boolean addressedToLoopback(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null) {
      return true;
    }
    String name = host.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      name = end < 0 ? name : name.substring(1, end);
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name.equals("localhost") || name.equals("::1") || LOOPBACK_V4.matcher(name).matches();
  }

  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving, closing requests in progress. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
