package org.subnetp2p.core.host;

import java.io.IOException;
import java.io.OutputStream;

/** Adapts {@link Stream#write} to {@link OutputStream}; closing half-closes the stream. */
final class StreamOutputStream extends OutputStream {
  private final Stream stream;

  StreamOutputStream(Stream stream) {
    this.stream = stream;
  }

  @Override
  public void write(int b) throws IOException {
    stream.write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    stream.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    stream.closeWrite();
  }
}
