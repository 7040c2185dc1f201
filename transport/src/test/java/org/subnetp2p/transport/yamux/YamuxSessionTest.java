package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.transport.yamux.Loopback.awaitCondition;
import static org.subnetp2p.transport.yamux.Loopback.isBlocked;
import static org.subnetp2p.transport.yamux.Loopback.randomBytes;
import static org.subnetp2p.transport.yamux.Loopback.readExactly;
import static org.subnetp2p.transport.yamux.Loopback.readToEnd;
import static org.subnetp2p.transport.yamux.Loopback.sha256;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.StreamResetException;

/** Two Yamux sessions over loopback TCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class YamuxSessionTest {
  private static final int WINDOW = 256 * 1024;

  private final Loopback net = new Loopback();
  private final YamuxConfig config = YamuxConfig.defaults();

  @AfterEach
  void tearDown() {
    net.close();
    assertThat(net.handlerFailures).isEmpty();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The server's side of a session the client ended: its session, and both ends of a stream. */
  private record Ended(YamuxSession server, YamuxStream in, YamuxStream out) {}

  /**
   * The client opens a stream, writes {@code data} on it (then FIN if {@code fin}) and closes its
   * session at once; returns once the server's session has ended.
   */
  private Ended clientWritesThenCloses(byte[] data, boolean fin) throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();
    YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream in = take(atServer);
    out.write(data);
    if (fin) {
      out.closeWrite();
    }
    client.close();
    server.closeFuture().get(5, TimeUnit.SECONDS);
    return new Ended(server, in, out);
  }

  private static YamuxStream take(BlockingQueue<YamuxStream> queue) throws InterruptedException {
    YamuxStream stream = queue.poll(10, TimeUnit.SECONDS);
    assertThat(stream).as("inbound stream").isNotNull();
    return stream;
  }

  @Test
  void opensAndAcceptsStreamsInBothDirections() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    BlockingQueue<YamuxStream> atClient = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, atClient::add);
    YamuxSession server = net.nextAccepted();

    try (YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS)) {
      // The SYN goes out at open: the server learns of the stream before any data.
      try (YamuxStream in = take(atServer)) {
        assertThat(out.id() % 2).as("client ids are odd").isEqualTo(1);
        assertThat(in.id()).isEqualTo(out.id());
        assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(in.direction()).isEqualTo(Direction.INBOUND);
        out.write(ascii("hello"));
        assertThat(readExactly(in, 5)).isEqualTo(ascii("hello"));
        in.write(ascii("world"));
        assertThat(readExactly(out, 5)).isEqualTo(ascii("world"));
      }
    }

    try (YamuxStream out = server.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atClient)) {
      assertThat(out.id() % 2).as("server ids are even").isEqualTo(0);
      assertThat(in.id()).isEqualTo(out.id());
      out.write(ascii("from server"));
      assertThat(readExactly(in, 11)).isEqualTo(ascii("from server"));
      in.setProtocol("/test/1");
      assertThat(in.protocol()).isEqualTo("/test/1");
      assertThat(out.protocol()).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64 * 1024, 10 * 1024 * 1024})
  void echoesDataIntact(int size) throws Exception {
    InetSocketAddress address = net.listen(config, net.serve(Loopback::echo));
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();
    byte[] data = randomBytes(size, size);

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS)) {
      Future<?> writer =
          net.virtualThreads()
              .submit(
                  () -> {
                    stream.write(data);
                    stream.closeWrite();
                    return null;
                  });
      byte[] echoed = readToEnd(stream);
      writer.get(30, TimeUnit.SECONDS);
      assertThat(echoed).hasSize(size);
      assertThat(sha256(echoed)).isEqualTo(sha256(data));
      assertThat(stream.isClosed()).isTrue();
      // Both sides sent FIN: the stream leaves both sessions, on their event loops (the reader may
      // see the FIN before the event loop that set it has removed the stream).
      awaitCondition("the stream left the client", () -> client.streamCount() == 0);
      awaitCondition("the stream left the server", () -> server.streamCount() == 0);
    }
  }

  @Test
  void carriesAHundredConcurrentStreamsOfOneMebibyteEach() throws Exception {
    InetSocketAddress address = net.listen(config, net.serve(Loopback::echo));
    YamuxSession client = net.connect(address, config, s -> s.reset());
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] data = randomBytes(1024 * 1024, i);
      results.add(
          net.virtualThreads()
              .submit(
                  () -> {
                    try (YamuxStream stream = client.openStream().get(10, TimeUnit.SECONDS)) {
                      Future<?> writer =
                          net.virtualThreads()
                              .submit(
                                  () -> {
                                    stream.write(data);
                                    stream.closeWrite();
                                    return null;
                                  });
                      byte[] echoed = readToEnd(stream);
                      writer.get();
                      return java.util.Arrays.equals(sha256(echoed), sha256(data));
                    }
                  }));
    }
    for (Future<Boolean> result : results) {
      assertThat(result.get(50, TimeUnit.SECONDS)).isTrue();
    }
    awaitCondition("every stream left the client", () -> client.streamCount() == 0);
  }

  @Test
  void halfCloseEndsOneDirectionOnly() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());

    try (YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      out.write(ascii("request"));
      out.closeWrite();
      out.closeWrite(); // idempotent
      assertThatThrownBy(() -> out.write(ascii("late")))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(StreamResetException.class)
          .hasMessageContaining("closed for writing");

      assertThat(readToEnd(in)).isEqualTo(ascii("request"));
      assertThat(in.read(new byte[1], 0, 1)).isEqualTo(-1);
      assertThat(in.isClosed()).isFalse();

      in.write(ascii("response"));
      in.closeWrite();
      assertThat(in.isClosed()).isTrue();
      assertThat(readToEnd(out)).isEqualTo(ascii("response"));
      assertThat(out.isClosed()).isTrue();
    }
  }

  @Test
  void resetByClientFailsTheServersBlockedRead() throws Exception {
    CompletableFuture<Throwable> serverRead = new CompletableFuture<>();
    CompletableFuture<Thread> serverThread = new CompletableFuture<>();
    InetSocketAddress address =
        net.listen(
            config,
            net.serve(
                stream -> {
                  serverThread.complete(Thread.currentThread());
                  try {
                    stream.read(new byte[10], 0, 10);
                    serverRead.complete(null);
                  } catch (IOException e) {
                    serverRead.complete(e);
                  }
                }));
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
    Thread reader = serverThread.get(5, TimeUnit.SECONDS);
    awaitCondition("the server blocks in read", () -> isBlocked(reader));

    stream.reset();
    stream.reset(); // idempotent

    assertThat(serverRead.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamResetException.class);
    assertThatThrownBy(() -> stream.write(ascii("x"))).isInstanceOf(StreamResetException.class);
    assertThatThrownBy(() -> stream.read(new byte[1], 0, 1))
        .isInstanceOf(StreamResetException.class);
    assertThat(stream.isClosed()).isTrue();
    // The reset is carried out on the event loop: the stream leaves the session there.
    awaitCondition("the stream left the client", () -> client.streamCount() == 0);
  }

  @Test
  void resetByServerFailsTheClientsBlockedRead() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream in = take(atServer);

    CompletableFuture<Throwable> clientRead = new CompletableFuture<>();
    Thread reader =
        net.start(
            () -> {
              try {
                stream.read(new byte[10], 0, 10);
                clientRead.complete(null);
              } catch (IOException e) {
                clientRead.complete(e);
              }
            });
    awaitCondition("the client blocks in read", () -> isBlocked(reader));
    in.reset();

    assertThat(clientRead.get(5, TimeUnit.SECONDS))
        .isInstanceOf(StreamResetException.class)
        .hasMessageContaining("reset by the remote");
    assertThatThrownBy(() -> stream.write(ascii("x"))).isInstanceOf(StreamResetException.class);
    stream.close();
  }

  @Test
  void readDeadlineTimesOutAndLeavesTheStreamUsable() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      stream.setReadDeadline(Instant.now().plusMillis(200));
      long start = System.nanoTime();
      assertThatThrownBy(() -> stream.read(new byte[4], 0, 4))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(150));

      stream.setReadDeadline(null);
      in.write(ascii("late"));
      assertThat(readExactly(stream, 4)).isEqualTo(ascii("late"));

      // A deadline set while a read is blocked applies to that read.
      CompletableFuture<Throwable> blocked = new CompletableFuture<>();
      Thread reader =
          net.start(
              () -> {
                try {
                  stream.read(new byte[4], 0, 4);
                  blocked.complete(null);
                } catch (IOException e) {
                  blocked.complete(e);
                }
              });
      awaitCondition("the reader blocks", () -> isBlocked(reader));
      stream.setReadDeadline(Instant.now());
      assertThat(blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void writeDeadlineTimesOutWhileTheWindowIsFullAndLeavesTheStreamUsable() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      stream.setWriteDeadline(Instant.now().plusMillis(300));
      assertThatThrownBy(() -> stream.write(new byte[WINDOW + 1]))
          .isInstanceOf(SocketTimeoutException.class);
      // Exactly the window went out before the writer had to wait.
      assertThat(stream.sendWindow()).isZero();

      stream.setWriteDeadline(null);
      Future<?> writer =
          net.virtualThreads()
              .submit(
                  () -> {
                    stream.write(ascii("tail"));
                    stream.closeWrite();
                    return null;
                  });
      byte[] received = readToEnd(in);
      writer.get(5, TimeUnit.SECONDS);
      assertThat(received).hasSize(WINDOW + 4);
      assertThat(new String(received, WINDOW, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
    }
  }

  @Test
  void aStoppedReaderBlocksTheWriterAtTheWindowUntilReadingResumes() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    byte[] data = randomBytes(4 * 1024 * 1024, 7);

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      CompletableFuture<Void> written = new CompletableFuture<>();
      Thread writer =
          net.start(
              () -> {
                try {
                  stream.write(data);
                  stream.closeWrite();
                  written.complete(null);
                } catch (IOException e) {
                  written.completeExceptionally(e);
                }
              });

      // Nobody reads: the receiver buffers exactly the window it granted, and no more.
      awaitCondition("the receiver buffers a full window", () -> in.bufferedBytes() == WINDOW);
      awaitCondition("the writer blocks", () -> isBlocked(writer));
      assertThat(written).isNotDone();
      assertThat(stream.sendWindow()).isZero();
      assertThat(in.bufferedBytes()).isLessThanOrEqualTo(in.receiveWindowSize());

      byte[] received = readToEnd(in);
      written.get(10, TimeUnit.SECONDS);
      assertThat(sha256(received)).isEqualTo(sha256(data));
    }
  }

  @Test
  void theReceiveWindowGrowsWhenTheRoundTripHoldsThroughputBack() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    // 100 ms on the way to the client: a 256 KiB window allows about 2.6 MB/s, far below what
    // even a loaded machine reads, so the window is what limits the transfer.
    YamuxSession client =
        net.connect(
            address, config, s -> s.reset(), new Loopback.InboundDelay(Duration.ofMillis(100)));
    client.ping().get(5, TimeUnit.SECONDS);
    byte[] data = randomBytes(4 * 1024 * 1024, 3);

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      Future<?> writer =
          net.virtualThreads()
              .submit(
                  () -> {
                    in.write(data);
                    in.closeWrite();
                    return null;
                  });
      byte[] received = readToEnd(stream);
      writer.get(30, TimeUnit.SECONDS);
      assertThat(sha256(received)).isEqualTo(sha256(data));
      assertThat(stream.receiveWindowSize()).isGreaterThan(WINDOW);
    }
  }

  @Test
  void pingMeasuresTheRoundTrip() throws Exception {
    InetSocketAddress address = net.listen(config, s -> s.reset());
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();

    Duration rtt = client.ping().get(5, TimeUnit.SECONDS);
    assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
    assertThat(client.rtt()).isNotNull();
    assertThat(server.ping().get(5, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void afterGoAwayNoNewStreamsOpenExistingOnesFinishThenTheSessionCloses() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();

    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = take(atServer)) {
      server.goAway().get(5, TimeUnit.SECONDS);
      // Data written after the GoAway arrives after it: once read, the client has seen it.
      in.write(ascii("after goaway"));
      assertThat(readExactly(stream, 12)).isEqualTo(ascii("after goaway"));

      assertThatThrownBy(() -> client.openStream().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(StreamResetException.class)
          .hasMessageContaining("remote sent GoAway");
      assertThatThrownBy(() -> server.openStream().join())
          .cause()
          .isInstanceOf(StreamResetException.class)
          .hasMessageContaining("this side sent GoAway");

      // The existing stream still works both ways.
      stream.write(ascii("still here"));
      stream.closeWrite();
      assertThat(readToEnd(in)).isEqualTo(ascii("still here"));
      assertThat(client.isOpen()).isTrue();
      in.closeWrite();
      assertThat(readToEnd(stream)).isEmpty();
    }
    // The last stream is done: both sessions close by themselves.
    server.closeFuture().get(5, TimeUnit.SECONDS);
    client.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(server.closeReason()).contains("GoAway");
  }

  @Test
  void losingTheConnectionFailsBlockedReadsAndWrites() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();

    YamuxStream reading = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream writing = client.openStream().get(5, TimeUnit.SECONDS);
    take(atServer);
    take(atServer);
    CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
    CompletableFuture<Throwable> writeFailure = new CompletableFuture<>();
    Thread reader =
        net.start(
            () -> {
              try {
                reading.read(new byte[1], 0, 1);
                readFailure.complete(null);
              } catch (IOException e) {
                readFailure.complete(e);
              }
            });
    Thread writer =
        net.start(
            () -> {
              try {
                writing.write(new byte[4 * WINDOW]);
                writeFailure.complete(null);
              } catch (IOException e) {
                writeFailure.complete(e);
              }
            });
    awaitCondition("the reader blocks", () -> isBlocked(reader));
    awaitCondition("the writer blocks", () -> isBlocked(writer) && writing.sendWindow() == 0);

    // The server end goes away without a word: a plain TCP close, bypassing GoAway.
    net.channel(server).pipeline().firstContext().close().sync();

    assertThat(readFailure.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamResetException.class);
    assertThat(writeFailure.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamResetException.class);
    client.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(client.isOpen()).isFalse();
    assertThat(client.streamCount()).isZero();
    assertThatThrownBy(() -> client.openStream().join())
        .cause()
        .isInstanceOf(StreamResetException.class);
    assertThatThrownBy(() -> client.ping().join()).cause().isInstanceOf(StreamResetException.class);
    reading.close();
    writing.close();
  }

  /**
   * What arrived before the connection ended is not lost: a writer that half-closes and closes its
   * session at once, before the reader even started, leaves all of its data readable, then the end
   * of stream. Until read, the data stays counted against the connection's memory budget.
   */
  @Test
  void dataThatArrivedBeforeTheEndIsReadThenTheEndOfStream() throws Exception {
    byte[] data = randomBytes(WINDOW, 11);
    Ended ended = clientWritesThenCloses(data, true);
    YamuxSession server = ended.server();
    YamuxStream in = ended.in();

    assertThat(server.memoryUsed()).as("unread data stays counted").isEqualTo(WINDOW);
    assertThat(sha256(readToEnd(in))).isEqualTo(sha256(data));
    assertThat(in.read(new byte[1], 0, 1)).isEqualTo(-1);
    awaitCondition("the data read is given back", () -> server.memoryUsed() == 0);
    assertThatThrownBy(() -> in.write(ascii("late")))
        .isInstanceOf(StreamResetException.class)
        .hasMessageContaining("closed");
    assertThat(in.isClosed()).isTrue();
    in.close();
    ended.out().close();
  }

  /**
   * A stream still open for reading when the connection ends gives its reader what had arrived, and
   * only then the typed error naming why the connection ended.
   */
  @Test
  void dataThatArrivedBeforeTheEndIsReadThenTheReset() throws Exception {
    byte[] data = randomBytes(WINDOW, 12);
    // No FIN: the stream was still open when the connection ended.
    Ended ended = clientWritesThenCloses(data, false);
    YamuxSession server = ended.server();
    YamuxStream in = ended.in();

    assertThat(sha256(readExactly(in, WINDOW))).isEqualTo(sha256(data));
    assertThatThrownBy(() -> in.read(new byte[1], 0, 1))
        .isInstanceOf(StreamResetException.class)
        .hasMessageContaining("GoAway");
    assertThatThrownBy(() -> in.read(new byte[1], 0, 1)).isInstanceOf(StreamResetException.class);
    awaitCondition("the data read is given back", () -> server.memoryUsed() == 0);
    assertThatThrownBy(in::closeWrite)
        .as("a FIN can no longer be sent")
        .isInstanceOf(StreamResetException.class);
    in.close();
    ended.out().close();
  }

  /**
   * A stream both sides have half-closed leaves the session while its reader has not taken the data
   * yet: the data stays counted, including the part the grown window had paid for, until read.
   */
  @Test
  void unreadDataOfAFinishedStreamStaysCountedUntilRead() throws Exception {
    int window = 1024 * 1024;
    int size = 512 * 1024;
    YamuxConfig grown = YamuxConfig.builder().initialWindow(window).build();
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(grown, atServer::add);
    YamuxSession client = net.connect(address, grown, s -> s.reset());
    YamuxSession server = net.nextAccepted();
    byte[] data = randomBytes(size, 16);

    YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream in = take(atServer);
    awaitCondition("the server's window reached the client", () -> out.sendWindow() == window);
    out.write(data);
    out.closeWrite();
    awaitCondition("the data and FIN arrived", () -> in.bufferedBytes() == size && in.remoteFin());
    in.closeWrite(); // both sides sent FIN: the stream leaves the session, its data unread
    awaitCondition("the stream left the server", () -> server.streamCount() == 0);

    assertThat(server.memoryUsed()).as("unread data stays counted").isEqualTo(size);
    assertThat(sha256(readToEnd(in))).isEqualTo(sha256(data));
    awaitCondition("the data read is given back", () -> server.memoryUsed() == 0);
    in.close();
    out.close();
  }

  /**
   * Closing a session first sends what its streams wrote before: data still in the connection's
   * outbound buffer (the remote had stopped reading for a while) leaves before the socket closes.
   */
  @Test
  void closingASessionSendsWhatWasWrittenBeforeTheClose() throws Exception {
    int window = 64 * 1024 * 1024;
    YamuxConfig large =
        YamuxConfig.builder()
            .initialWindow(window)
            .maxReceiveWindow(window)
            .connectionMemory(2L * window)
            .build();
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(large, atServer::add);
    YamuxSession client = net.connect(address, large, s -> s.reset());
    YamuxSession server = net.nextAccepted();
    YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream in = take(atServer);
    awaitCondition("the server's window reached the client", () -> out.sendWindow() == window);

    // The server stops reading its socket: once the kernel's buffers are full, what the client
    // writes waits in its outbound buffer (below the high water mark, so writes return).
    net.channel(server).config().setAutoRead(false);
    io.netty.channel.Channel clientChannel = net.channel(client);
    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0;
        clientChannel.unsafe().outboundBuffer().totalPendingWriteBytes() < 1024 * 1024;
        i++) {
      assertThat(sent.size()).as("written before the outbound buffer filled").isLessThan(window);
      new java.util.Random(i).nextBytes(chunk);
      out.write(chunk);
      sent.write(chunk);
    }
    out.closeWrite();
    client.close();
    net.channel(server).config().setAutoRead(true);
    server.closeFuture().get(10, TimeUnit.SECONDS);

    assertThat(sha256(readToEnd(in))).isEqualTo(sha256(sent.toByteArray()));
    in.close();
    out.close();
  }

  /** A reader that gives up on what arrived gives its memory back by closing the stream. */
  @Test
  void closingAStreamWithUnreadDataAfterTheEndGivesItsMemoryBack() throws Exception {
    Ended ended = clientWritesThenCloses(randomBytes(1000, 13), false);
    YamuxSession server = ended.server();
    YamuxStream in = ended.in();
    assertThat(server.memoryUsed()).isEqualTo(1000);

    assertThat(readExactly(in, 10)).hasSize(10);
    in.close();
    awaitCondition("the unread data is given back", () -> server.memoryUsed() == 0);
    assertThatThrownBy(() -> in.read(new byte[1], 0, 1)).isInstanceOf(IOException.class);
    ended.out().close();
  }

  /** An owner that drops a stream unclosed after the end does not keep its data paid for. */
  @Test
  void unreadDataOfAStreamDroppedUnclosedGoesBackOnceItIsUnreachable() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();

    YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
    out.write(randomBytes(1000, 14));
    client.close();
    server.closeFuture().get(5, TimeUnit.SECONDS);
    assertThat(atServer).hasSize(1);
    assertThat(server.memoryUsed()).isEqualTo(1000);

    atServer.clear(); // the owner forgets the stream without closing it
    awaitCondition(
        "the memory goes back once the stream is unreachable",
        () -> {
          System.gc();
          return server.memoryUsed() == 0;
        });
    out.close();
  }

  @Test
  void closingTheSessionResetsItsStreamsAndTellsTheRemote() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(config, atServer::add);
    YamuxSession client = net.connect(address, config, s -> s.reset());
    YamuxSession server = net.nextAccepted();
    YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
    YamuxStream in = take(atServer);

    CompletableFuture<Throwable> serverRead = new CompletableFuture<>();
    net.start(
        () -> {
          try {
            in.read(new byte[1], 0, 1);
            serverRead.complete(null);
          } catch (IOException e) {
            serverRead.complete(e);
          }
        });
    client.close().get(5, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stream.read(new byte[1], 0, 1))
        .isInstanceOf(StreamResetException.class)
        .hasMessageContaining("closed locally");
    assertThat(serverRead.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamResetException.class);
    server.closeFuture().get(5, TimeUnit.SECONDS);
    in.close();
  }

  @Test
  void openStreamWaitsWhileTheAckBacklogIsFull() throws Exception {
    // A server that never acknowledges: a raw socket.
    try (java.net.ServerSocket listener =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      YamuxConfig small = YamuxConfig.builder().maxAckBacklog(2).build();
      YamuxSession client =
          net.connect((InetSocketAddress) listener.getLocalSocketAddress(), small, s -> s.reset());
      try (RawYamuxPeer peer = new RawYamuxPeer(listener.accept())) {
        CompletableFuture<YamuxStream> first = client.openStream();
        CompletableFuture<YamuxStream> second = client.openStream();
        CompletableFuture<YamuxStream> third = client.openStream();
        RawYamuxPeer.Frame syn1 = peer.nextIgnoringPings();
        RawYamuxPeer.Frame syn2 = peer.nextIgnoringPings();
        assertThat(syn1.has(RawYamuxPeer.SYN)).isTrue();
        assertThat(List.of(syn1.streamId(), syn2.streamId())).containsExactly(1, 3);
        assertThat(first.get(5, TimeUnit.SECONDS).id()).isEqualTo(1);
        assertThat(second.get(5, TimeUnit.SECONDS).id()).isEqualTo(3);
        assertThat(third).isNotDone();

        peer.send(RawYamuxPeer.WINDOW_UPDATE, RawYamuxPeer.ACK, 1, 0);
        assertThat(third.get(5, TimeUnit.SECONDS).id()).isEqualTo(5);
        assertThat(peer.nextIgnoringPings().streamId()).isEqualTo(5);
        first.get().close();
        second.get().close();
        third.get().close();
      }
    }
  }

  /**
   * Opens waiting for the ACK backlog form a bounded queue; callers that give up leave it. Were
   * cancelled opens kept, three times the bound of them would fill it and a later open would fail
   * at once instead of waiting its turn.
   */
  @Test
  void cancelledOpensLeaveTheQueueOfOpensWaitingForTheBacklog() throws Exception {
    try (java.net.ServerSocket listener =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      YamuxConfig small = YamuxConfig.builder().maxAckBacklog(1).build();
      YamuxSession client =
          net.connect((InetSocketAddress) listener.getLocalSocketAddress(), small, s -> s.reset());
      try (RawYamuxPeer peer = new RawYamuxPeer(listener.accept())) {
        YamuxStream first = client.openStream().get(5, TimeUnit.SECONDS); // the backlog is full
        for (int i = 0; i < 3 * YamuxSession.MAX_PENDING_OPENS; i++) {
          client.openStream().cancel(false);
        }
        CompletableFuture<YamuxStream> waiting = client.openStream();

        assertThat(peer.nextIgnoringPings().streamId()).isEqualTo(1);
        peer.send(RawYamuxPeer.WINDOW_UPDATE, RawYamuxPeer.ACK, 1, 0);
        assertThat(waiting.get(5, TimeUnit.SECONDS).id())
            .as("the next id: no cancelled open took one")
            .isEqualTo(3);
        first.close();
        waiting.get().close();
      }
    }
  }

  @Test
  void streamsOfAClosedSessionCannotBeOpened() {
    YamuxSession detached = new YamuxSession(YamuxSession.Role.CLIENT, s -> s.reset());
    assertThatThrownBy(() -> detached.openStream().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StreamResetException.class);
  }
}
