package org.subnetp2p.transport.protocols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;

/**
 * libp2p perf ({@code /perf/1.0.0}): the client sends the number of bytes it wants back as an
 * 8-byte big-endian integer, uploads its bytes and half-closes; the server drains the upload, then
 * sends the requested bytes and closes.
 *
 * <p>The bytes themselves are arbitrary by the spec. Ours follow a fixed pattern, so a Java peer
 * can check with a CRC-32C that every byte arrived intact; other peers simply ignore it.
 */
public final class PerfService {
  /** The protocol id. */
  public static final String PROTOCOL_ID = "/perf/1.0.0";

  private static final int CHUNK = 64 * 1024;
  private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
  private static final byte[] PATTERN = pattern();

  private PerfService() {}

  /** The result of one perf run. */
  public record Result(
      long uploaded,
      long downloaded,
      Duration uploadTime,
      Duration downloadTime,
      long downloadCrc32c) {

    /** Upload throughput in MiB/s. */
    public double uploadMiBps() {
      return mibps(uploaded, uploadTime);
    }

    /** Download throughput in MiB/s. */
    public double downloadMiBps() {
      return mibps(downloaded, downloadTime);
    }

    private static double mibps(long bytes, Duration d) {
      return bytes / (1024.0 * 1024.0) / Math.max(1e-9, d.toNanos() / 1e9);
    }
  }

  /** Serves perf on {@code host}. */
  public static void serve(Host host) {
    host.setStreamHandler(PROTOCOL_ID, PerfService::serveOne);
  }

  private static void serveOne(Stream stream) throws IOException {
    stream.setReadDeadline(Instant.now().plus(IDLE_LIMIT));
    byte[] header = new byte[8];
    if (!PingService.readFully(stream, header)) {
      stream.close();
      return;
    }
    long toSend = ByteBuffer.wrap(header).getLong();
    if (toSend < 0) {
      throw new P2PException("perf client asked for a negative byte count");
    }
    byte[] buf = new byte[CHUNK];
    while (true) {
      stream.setReadDeadline(Instant.now().plus(IDLE_LIMIT));
      if (stream.read(buf, 0, buf.length) < 0) {
        break;
      }
    }
    writePattern(stream, toSend);
    stream.close();
  }

  /**
   * Runs perf against {@code peer}: uploads {@code upload} bytes, then downloads {@code download}
   * bytes, all within {@code timeout}.
   */
  public static Result run(Host host, PeerId peer, long upload, long download, Duration timeout)
      throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    Stream stream = PingService.await(host.newStream(peer, List.of(PROTOCOL_ID)), timeout, peer);
    try {
      stream.setReadDeadline(deadline);
      stream.setWriteDeadline(deadline);
      long start = System.nanoTime();
      stream.write(ByteBuffer.allocate(8).putLong(download).array());
      writePattern(stream, upload);
      stream.closeWrite();
      long uploaded = System.nanoTime();

      CRC32C crc = new CRC32C();
      byte[] buf = new byte[CHUNK];
      long received = 0;
      int n;
      while ((n = stream.read(buf, 0, buf.length)) >= 0) {
        crc.update(buf, 0, n);
        received += n;
      }
      long done = System.nanoTime();
      stream.close();
      if (received != download) {
        throw new P2PException(
            "perf: asked " + peer + " for " + download + " bytes, received " + received);
      }
      return new Result(
          upload,
          received,
          Duration.ofNanos(uploaded - start),
          Duration.ofNanos(done - uploaded),
          crc.getValue());
    } catch (IOException | RuntimeException e) {
      stream.reset();
      throw e;
    }
  }

  /** The CRC-32C of {@code length} bytes of our pattern: what a Java peer sends. */
  public static long expectedCrc32c(long length) {
    CRC32C crc = new CRC32C();
    writePatternTo(length, crc);
    return crc.getValue();
  }

  private static void writePatternTo(long length, CRC32C crc) {
    for (long left = length; left > 0; ) {
      int n = (int) Math.min(left, CHUNK);
      crc.update(PATTERN, 0, n);
      left -= n;
    }
  }

  private static void writePattern(Stream stream, long length) throws IOException {
    for (long left = length; left > 0; ) {
      int n = (int) Math.min(left, CHUNK);
      stream.write(PATTERN, 0, n);
      left -= n;
    }
  }

  private static byte[] pattern() {
    byte[] p = new byte[CHUNK];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (i * 31 + 7);
    }
    return p;
  }
}
