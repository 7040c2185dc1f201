package org.subnetp2p.it;

import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The stdin a container is attached to: lines offered from any thread, read by docker-java's pump.
 * (A PipedInputStream would fail with "write end dead" once a writing test thread has ended.)
 */
final class StdinFeed extends InputStream {
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  void send(byte[] bytes) {
    chunks.add(bytes.clone());
  }

  @Override
  public void close() {
    chunks.add(EOF);
  }

  @Override
  public int read() throws java.io.IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] buffer, int offset, int length) {
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      position = 0;
      ended = current == EOF;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }
}
