package org.subnetp2p.transport.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A TCP proxy on 127.0.0.1 in front of one target that can be frozen: while frozen it accepts
 * connections and reads nothing, forwards nothing, closes nothing, like a peer that lost power or
 * sits behind a partition. TCP itself notices nothing: only the application can.
 */
final class FreezableProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  FreezableProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy accept").start(this::acceptLoop);
  }

  /** The proxy's address for {@code peer}, as a dialable multiaddr. */
  Multiaddr address(PeerId peer) {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort()).withPeerId(peer);
  }

  /** Stops moving bytes in both directions; connections stay open. */
  void freeze() {
    frozen = true;
  }

  /** Moves bytes again. */
  void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Whether every connection accepted so far was closed by one of its ends. */
  boolean allClosed() {
    return sockets.stream().allMatch(Socket::isClosed);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("proxy pump")
        .start(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (from;
                  to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                  awaitThawed();
                  int n = in.read(buf);
                  if (n < 0) {
                    return;
                  }
                  awaitThawed(); // bytes read just before a freeze are held too
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one end closed: the finally of try-with-resources closes the other
              }
            });
  }

  private void awaitThawed() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait(1000);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    thaw();
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
