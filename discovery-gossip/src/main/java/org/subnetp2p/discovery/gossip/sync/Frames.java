package org.subnetp2p.discovery.gossip.sync;

import java.io.EOFException;
import java.io.IOException;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.host.Stream;

/**
 * The sync protocol's framing, as subnet-template's {@code _write_frame}/{@code _read_frame}: an
 * unsigned varint length, then that many bytes. The length is checked before anything is allocated;
 * reads honour the stream's deadline.
 */
final class Frames {
  private Frames() {}

  /** A frame larger than the reader accepts. */
  static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    FrameTooLargeException(long length, int max) {
      super("frame of " + length + " bytes exceeds the limit of " + max);
    }
  }

  /** Writes {@code payload} as one frame, prefix and body in a single write. */
  static void write(Stream stream, byte[] payload) throws IOException {
    byte[] frame = new byte[Varint.encodedLength(payload.length) + payload.length];
    int at = Varint.write(payload.length, frame, 0);
    System.arraycopy(payload, 0, frame, at, payload.length);
    stream.write(frame);
  }

  /**
   * Reads one frame of at most {@code max} bytes.
   *
   * @throws EOFException if the stream ends first
   * @throws FrameTooLargeException if the announced length exceeds {@code max}
   */
  static byte[] read(Stream stream, int max) throws IOException {
    Varint.Decoder length = new Varint.Decoder();
    byte[] one = new byte[1];
    boolean done = false;
    while (!done) {
      int n = stream.read(one, 0, 1);
      if (n < 0) {
        throw new EOFException("stream ended inside a frame's length");
      }
      try {
        done = n > 0 && length.accept(one[0]);
      } catch (VarintException e) {
        throw new IOException("malformed frame length", e);
      }
    }
    long size = length.value();
    if (size < 0 || size > max) {
      throw new FrameTooLargeException(size < 0 ? Long.MAX_VALUE : size, max);
    }
    byte[] body = new byte[(int) size];
    int filled = 0;
    while (filled < body.length) {
      int n = stream.read(body, filled, body.length - filled);
      if (n < 0) {
        throw new EOFException("stream ended after " + filled + " of " + size + " bytes");
      }
      filled += n;
    }
    return body;
  }
}
