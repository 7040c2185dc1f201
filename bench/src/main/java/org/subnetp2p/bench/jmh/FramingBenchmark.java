package org.subnetp2p.bench.jmh;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.framing.MessageFraming;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * The request/response template's wire format: varint length + protobuf bytes. Framing a {@code
 * TaskRequest} (serialise into one array behind its prefix) and reading one back from a stream the
 * way the template does (prefix byte by byte, then the body), plus parsing it. {@code
 * MessageFraming} is core's, public in a package core does not export (bench runs on the class
 * path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FramingBenchmark {
  @Param({"64", "16384"})
  public int payload;

  private TaskRequest request;
  private ArrayStream stream;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] bytes = new byte[payload];
    Arrays.fill(bytes, (byte) 'a');
    request =
        TaskRequest.newBuilder().setTaskId("b12345").setPayload(ByteString.copyFrom(bytes)).build();
    stream = new ArrayStream(MessageFraming.frame(request, Integer.MAX_VALUE, "request"));
  }

  @Benchmark
  public byte[] frameRequest() throws MessageTooLargeException {
    return MessageFraming.frame(request, 4 * 1024 * 1024, "request");
  }

  @Benchmark
  public TaskRequest readAndParseRequest() throws IOException {
    stream.rewind();
    return TaskRequest.parseFrom(MessageFraming.read(stream, 4 * 1024 * 1024, "request"));
  }

  @Benchmark
  public byte[] frameResponse() throws MessageTooLargeException {
    return MessageFraming.frame(
        TaskResponse.newBuilder().setAccepted(true).setResult(request.getPayload()).build(),
        4 * 1024 * 1024,
        "response");
  }

  /** A stream that reads one byte array over and over: no transport, only the framing. */
  private static final class ArrayStream implements Stream {
    private final byte[] bytes;
    private int position;

    ArrayStream(byte[] bytes) {
      this.bytes = bytes;
    }

    void rewind() {
      position = 0;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, dst, off, n);
      position += n;
      return n;
    }

    @Override
    public String protocol() {
      return "/bench";
    }

    @Override
    public Connection connection() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void write(byte[] src, int off, int len) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setReadDeadline(Instant deadline) {}

    @Override
    public void setWriteDeadline(Instant deadline) {}

    @Override
    public void closeWrite() {}

    @Override
    public void reset() {}

    @Override
    public void close() {}

    @Override
    public boolean isClosed() {
      return false;
    }
  }
}
