package org.subnetp2p.it;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

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
    HttpURLConnection c = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    int status = c.getResponseCode();
    try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        System.out.write(in.readAllBytes());
      }
    }
    System.out.flush();
    System.exit(status == 200 ? 0 : 1);
  }
}
