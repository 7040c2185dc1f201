package org.subnetp2p.node.admin;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.protocols.task.TaskProtocol;

/**
 * The admin endpoint's test fixture, registered with {@code @RegisterExtension}: before each test
 * two real nodes on loopback, a server serving its admin endpoint and a client that called it once
 * over the task protocol; both closed after it. Plus HTTP requests to that endpoint.
 */
final class CalledAdminNode implements BeforeEachCallback, AfterEachCallback {
  /** An HTTP answer. */
  record Response(int statusCode, String contentType, String body) {}

  private Node server;
  private Node client;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    NodeConfig loopback =
        NodeConfig.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).build();
    server =
        Node.create(
            loopback.toBuilder().admin(Optional.of(new InetSocketAddress("127.0.0.1", 0))).build(),
            Keys.generateEd25519());
    client = Node.create(loopback, Keys.generateEd25519());
    server.start();
    client.start();
    client
        .protocol(TaskProtocol.class)
        .callRemote(
            server.host().dialableAddresses().get(0), "t1", ByteString.copyFromUtf8("hello"))
        .get(10, TimeUnit.SECONDS);
  }

  /** Runs after a failed {@link #beforeEach} too. */
  @Override
  public void afterEach(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The node serving the admin endpoint. */
  Node server() {
    return server;
  }

  /** The node that called it. */
  Node client() {
    return client;
  }

  /** {@code GET path} from the server's admin endpoint. */
  Response get(String path) throws IOException {
    return request("GET", path);
  }

  /** {@code method path} to the server's admin endpoint; error bodies are read too. */
  Response request(String method, String path) throws IOException {
    InetSocketAddress admin = server.adminAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout(5000);
      c.setReadTimeout(5000);
      c.setRequestMethod(method);
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, c.getContentType(), body);
      }
    } finally {
      c.disconnect();
    }
  }
}
