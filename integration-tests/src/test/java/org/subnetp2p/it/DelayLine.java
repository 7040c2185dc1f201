package org.subnetp2p.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay that holds every byte for a fixed time in each direction: latency for a kernel
 * without netem (as this machine's). Run by {@link CliServer} in a node's network namespace; the
 * test redirects the node's inbound connections to it, so each connection between two nodes crosses
 * one delay line and its round trip grows by twice the delay. Java's {@code java.base} only, as it
 * runs on the image's runtime.
 */
final class DelayLine {
  private static final int CHUNK = 16 * 1024;

  /** Chunks in flight per direction: bounds the relay's memory at 4 MiB a direction. */
  private static final int IN_FLIGHT = 256;

  private final ServerSocket server;
  private final int target;
  private final long delayNanos;
  private final AtomicLong connections = new AtomicLong();

  private DelayLine(ServerSocket server, int target, long delayNanos) {
    this.server = server;
    this.target = target;
    this.delayNanos = delayNanos;
  }

  /** Relays connections to {@code listenPort} to loopback's {@code targetPort}. */
  static DelayLine start(int listenPort, int targetPort, long delayMillis) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(listenPort));
    DelayLine line = new DelayLine(server, targetPort, delayMillis * 1_000_000);
    Thread.ofVirtual().name("delay line " + listenPort).start(line::accept);
    return line;
  }

  /** The connections relayed so far. */
  long connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> relay(in));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket in) {
    try {
      Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
      in.setTcpNoDelay(true);
      out.setTcpNoDelay(true);
      AtomicInteger open = new AtomicInteger(2);
      pipe(in, out, open);
      pipe(out, in, open);
    } catch (IOException e) {
      closeQuietly(in);
    }
  }

  /** Bytes read from {@code from} are written to {@code to} once they are the delay old. */
  private void pipe(Socket from, Socket to, AtomicInteger open) {
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
                queue.put(new Chunk(null, System.nanoTime() + delayNanos));
              } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                OutputStream out = to.getOutputStream();
                while (true) {
                  Chunk c = queue.take();
                  long wait = c.due() - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  if (c.bytes() == null) {
                    to.shutdownOutput();
                    if (open.decrementAndGet() == 0) { // both directions ended
                      closeQuietly(from);
                      closeQuietly(to);
                    }
                    return;
                  }
                  out.write(c.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Bytes to write, or null for the end of the stream, and when. */
  record Chunk(byte[] bytes, long due) {}
}
