package org.subnetp2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Fetches one page of a node's admin endpoint from inside the node's container, where the endpoint
 * listens (it serves loopback only) and where the image has no HTTP client: the test copies this
 * class in and runs it with the container's Java. Prints the body; exits 1 on a status other than
 * 200. Uses {@code java.base} only.
 */
public final class AdminProbe {
  private AdminProbe() {}

  /** {@code args[0]}: the URL. */
  public static void main(String[] args) throws Exception {
    Response r = get(args[0]);
    System.out.write(r.body().getBytes(StandardCharsets.UTF_8));
    System.out.flush();
    System.exit(r.status() == 200 ? 0 : 1);
  }

  /** One GET of {@code url}, bounded by 5 s to connect and 5 s per read. */
  static Response get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    int status = c.getResponseCode();
    try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
      return new Response(
          status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** A status and the body as text. */
  record Response(int status, String body) {}
}
