package org.subnetp2p.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Adapts {@link Stream#read} to {@link InputStream}. */
final class StreamInputStream extends InputStream {
  private final Stream stream;

  StreamInputStream(Stream stream) {
    this.stream = stream;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = stream.read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    return stream.read(b, off, len);
  }

  @Override
  public void close() {
    stream.close();
  }
}
