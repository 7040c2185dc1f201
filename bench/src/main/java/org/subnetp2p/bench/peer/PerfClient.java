package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.protocols.PerfService;

/**
 * The {@code perf} command, timed exactly as the js peer times it: upload = stream open until the
 * first downloaded byte (the server sends nothing before it has drained the upload), download =
 * first byte until EOF. Uploads zeros in 64 KiB writes, as the js peer does.
 */
final class PerfClient {
  private static final int CHUNK = 64 * 1024;

  private PerfClient() {}

  static ObjectNode run(Host host, Multiaddr address, long upload, long download, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    Connection connection = host.connect(address).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    Stream stream =
        connection
            .newStream(List.of(PerfService.PROTOCOL_ID))
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long firstByte = -1;
    long received = 0;
    try {
      stream.setReadDeadline(deadline);
      stream.setWriteDeadline(deadline);
      stream.write(ByteBuffer.allocate(8).putLong(download).array());
      byte[] chunk = new byte[CHUNK];
      for (long left = upload; left > 0; left -= CHUNK) {
        stream.write(chunk, 0, (int) Math.min(left, CHUNK));
      }
      stream.closeWrite();
      int n;
      while ((n = stream.read(chunk, 0, chunk.length)) >= 0) {
        if (firstByte < 0 && n > 0) {
          firstByte = System.nanoTime();
        }
        received += n;
      }
      stream.close();
    } catch (IOException | RuntimeException e) {
      stream.reset();
      throw e;
    }
    long ended = System.nanoTime();
    if (received != download) {
      throw new IOException("perf: asked for " + download + " bytes, received " + received);
    }
    long uploadEnd = firstByte >= 0 ? firstByte : ended;
    double uploadMs = (uploadEnd - started) / 1e6;
    double downloadMs = (ended - uploadEnd) / 1e6;
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    out.put("uploadBytes", upload)
        .put("downloadBytes", download)
        .put("uploadMs", Percentiles.round3(uploadMs))
        .put("downloadMs", Percentiles.round3(downloadMs))
        .put("uploadMiBps", mibps(upload, uploadMs))
        .put("downloadMiBps", mibps(download, downloadMs));
    return out;
  }

  private static double mibps(long bytes, double ms) {
    return ms > 0 ? Percentiles.round3(bytes / (1024.0 * 1024.0) / (ms / 1000)) : Double.NaN;
  }
}
