package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.transport.yamux.Loopback.awaitCondition;
import static org.subnetp2p.transport.yamux.Loopback.isBlocked;
import static org.subnetp2p.transport.yamux.Loopback.readExactly;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.ACK;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.DATA;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.FIN;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.GO_AWAY;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.PING;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.RST;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.SYN;
import static org.subnetp2p.transport.yamux.RawYamuxPeer.WINDOW_UPDATE;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.StreamResetException;

/** A server session driven by hand-crafted frames on a plain socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class YamuxRawPeerTest {
  private static final int WINDOW = 256 * 1024;

  private final Loopback net = new Loopback();

  @AfterEach
  void tearDown() {
    net.close();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads frames of stream {@code id} until its FIN, returning the data. */
  private static byte[] readStreamToFin(RawYamuxPeer peer, int id) throws IOException {
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    while (true) {
      RawYamuxPeer.Frame frame = peer.nextIgnoringPings();
      assertThat(frame.type()).as("frame type").isNotEqualTo(GO_AWAY);
      if (frame.streamId() != id) {
        continue;
      }
      data.write(frame.data());
      if (frame.has(FIN)) {
        return data.toByteArray();
      }
    }
  }

  @Test
  void answersPingWithTheSameOpaqueValue() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(PING, SYN, 0, 0xDEADBEEFL);
      RawYamuxPeer.Frame pong = peer.nextIgnoringPings();
      assertThat(pong.version()).isZero();
      assertThat(pong.type()).isEqualTo(PING);
      assertThat(pong.flags()).isEqualTo(ACK);
      assertThat(pong.streamId()).isZero();
      assertThat(pong.length()).isEqualTo(0xDEADBEEFL);
    }
  }

  @Test
  void framesForUnknownStreamsAreIgnoredWithoutHarmingOtherStreams() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), net.serve(Loopback::echo));
    YamuxSession server;
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      server = net.nextAccepted();
      // Stream 1 opens with data on the SYN itself.
      peer.sendData(SYN, 1, ascii("before"));
      RawYamuxPeer.Frame ack = peer.nextIgnoringPings();
      assertThat(ack.type()).isEqualTo(WINDOW_UPDATE);
      assertThat(ack.flags()).isEqualTo(ACK);
      assertThat(ack.streamId()).isEqualTo(1);
      RawYamuxPeer.Frame echo = peer.nextIgnoringPings();
      assertThat(echo.data()).isEqualTo(ascii("before"));

      // Stream 3 opens and finishes (FIN both ways): later frames for it are moot.
      peer.sendData(SYN | FIN, 3, new byte[0]);
      assertThat(peer.nextIgnoringPings().flags()).isEqualTo(ACK);
      assertThat(readStreamToFin(peer, 3)).isEmpty();

      // Frames for streams that no longer exist: ignored, no GoAway, no reset of stream 1.
      peer.sendData(0, 3, ascii("nobody listens"));
      peer.send(WINDOW_UPDATE, 0, 3, 1000);
      peer.sendData(FIN, 3, new byte[0]);
      peer.send(WINDOW_UPDATE, RST, 3, 0);

      peer.sendData(FIN, 1, ascii("after"));
      assertThat(readStreamToFin(peer, 1)).isEqualTo(ascii("after"));
      assertThat(server.isOpen()).isTrue();
      awaitCondition("stream 1 leaves the session", () -> server.streamCount() == 0);
    }
    assertThat(net.handlerFailures).isEmpty();
  }

  @Test
  void framesForAStreamNeverOpenedAreAProtocolError() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.sendData(0, 99, ascii("no SYN ever opened stream 99"));
      assertGoAwayProtocolErrorThenClose(peer);
    }
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(WINDOW_UPDATE, 0, 2, 1000); // the server's id space, where it opened nothing
      assertGoAwayProtocolErrorThenClose(peer);
    }
  }

  @Test
  void aSynReusingAStreamIdIsAProtocolError() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(WINDOW_UPDATE, SYN, 5, 0);
      RawYamuxPeer.Frame ack = peer.nextIgnoringPings();
      assertThat(ack.flags()).isEqualTo(ACK);
      assertThat(peer.nextIgnoringPings().has(RST)).as("reset by the handler").isTrue();
      // Stream 5 is finished; its id may not come back, nor may a smaller one.
      peer.send(WINDOW_UPDATE, SYN, 3, 0);
      assertGoAwayProtocolErrorThenClose(peer);
    }
  }

  @Test
  void overflowingAStreamWindowEndsThatSessionWithGoAwayOnly() throws Exception {
    BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), atServer::add);
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      YamuxSession server = net.nextAccepted();
      peer.send(WINDOW_UPDATE, SYN, 1, 0);
      YamuxStream victim = atServer.poll(5, TimeUnit.SECONDS);
      assertThat(victim).isNotNull();
      // Nobody reads on the server: the window is 256 KiB, and the peer sends one byte more.
      peer.sendData(0, 1, new byte[WINDOW]);
      peer.sendData(0, 1, new byte[1]);

      RawYamuxPeer.Frame frame;
      do {
        frame = peer.nextIgnoringPings();
      } while (frame.type() != GO_AWAY);
      assertThat(frame.length()).as("GoAway(protocol error)").isEqualTo(1);
      assertThat(peer.atEndOfStream()).isTrue();
      server.closeFuture().get(5, TimeUnit.SECONDS);
      assertThatThrownBy(() -> victim.read(new byte[1], 0, 1))
          .isInstanceOf(StreamResetException.class)
          .hasMessageContaining("protocol error");
      victim.close();
    }

    // Another connection to the same server is unaffected.
    YamuxSession client = net.connect(address, YamuxConfig.defaults(), s -> s.reset());
    net.nextAccepted();
    try (YamuxStream stream = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = atServer.poll(5, TimeUnit.SECONDS)) {
      assertThat(in).isNotNull();
      stream.write(ascii("fine"));
      assertThat(readExactly(in, 4)).isEqualTo(ascii("fine"));
    }
  }

  @Test
  void wrongVersionEndsTheSessionWithProtocolError() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(1, WINDOW_UPDATE, SYN, 1, 0, new byte[0]);
      assertGoAwayProtocolErrorThenClose(peer);
    }
  }

  @Test
  void unknownFrameTypeEndsTheSessionWithProtocolError() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(0, 7, 0, 0, 0, new byte[0]);
      assertGoAwayProtocolErrorThenClose(peer);
    }
  }

  @Test
  void synInTheServersIdSpaceIsAProtocolError() throws Exception {
    InetSocketAddress address = net.listen(YamuxConfig.defaults(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.send(WINDOW_UPDATE, SYN, 2, 0);
      assertGoAwayProtocolErrorThenClose(peer);
    }
  }

  private static void assertGoAwayProtocolErrorThenClose(RawYamuxPeer peer) throws IOException {
    RawYamuxPeer.Frame frame = peer.nextIgnoringPings();
    assertThat(frame.type()).isEqualTo(GO_AWAY);
    assertThat(frame.streamId()).isZero();
    assertThat(frame.length()).isEqualTo(1);
    assertThat(peer.atEndOfStream()).isTrue();
  }

  @Test
  void synsBeyondTheInboundLimitAreResetWhileEarlierStreamsWork() throws Exception {
    int limit = 8;
    int excess = 20;
    YamuxConfig config = YamuxConfig.builder().maxInboundStreams(limit).build();
    InetSocketAddress address = net.listen(config, net.serve(Loopback::echo));
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      YamuxSession server = net.nextAccepted();
      for (int i = 0; i < limit; i++) {
        peer.send(WINDOW_UPDATE, SYN, 1 + 2 * i, 0);
      }
      for (int i = 0; i < limit; i++) {
        RawYamuxPeer.Frame ack = peer.nextIgnoringPings();
        assertThat(ack.flags()).isEqualTo(ACK);
        assertThat(ack.streamId()).isEqualTo(1 + 2 * i);
      }
      List<Integer> reset = new ArrayList<>();
      for (int i = limit; i < limit + excess; i++) {
        peer.send(WINDOW_UPDATE, SYN, 1 + 2 * i, 0);
      }
      for (int i = 0; i < excess; i++) {
        RawYamuxPeer.Frame rst = peer.nextIgnoringPings();
        assertThat(rst.flags()).isEqualTo(RST);
        assertThat(rst.type()).as("RST on a data frame, as py-libp2p needs").isEqualTo(DATA);
        reset.add(rst.streamId());
      }
      assertThat(reset).hasSize(excess).allMatch(id -> id > 2 * limit);
      assertThat(server.refusedStreams()).isEqualTo(excess);
      assertThat(server.streamCount()).isEqualTo(limit);

      // The accepted streams still echo.
      peer.sendData(FIN, 1, ascii("first"));
      assertThat(readStreamToFin(peer, 1)).isEqualTo(ascii("first"));
      peer.sendData(FIN, 2 * limit - 1, ascii("last"));
      assertThat(readStreamToFin(peer, 2 * limit - 1)).isEqualTo(ascii("last"));

      // Finished streams free their slots for new ones.
      awaitCondition("finished streams leave", () -> server.streamCount() == limit - 2);
      peer.send(WINDOW_UPDATE, SYN, 101, 0);
      RawYamuxPeer.Frame ack = peer.nextIgnoringPings();
      assertThat(ack.streamId()).isEqualTo(101);
      assertThat(ack.flags()).isEqualTo(ACK);
    }
  }

  @Test
  void aPeerThatStopsReadingTheSocketBlocksWritersOnTheConnectionBuffer() throws Exception {
    int size = 32 * 1024 * 1024;
    CompletableFuture<YamuxStream> served = new CompletableFuture<>();
    CompletableFuture<Thread> writerThread = new CompletableFuture<>();
    InetSocketAddress address =
        net.listen(
            YamuxConfig.defaults(),
            net.serve(
                stream -> {
                  served.complete(stream);
                  writerThread.complete(Thread.currentThread());
                  stream.write(new byte[size]);
                  stream.closeWrite();
                }));
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      YamuxSession server = net.nextAccepted();
      // The peer grants a window far larger than the data, then does not read its socket.
      peer.send(WINDOW_UPDATE, SYN, 1, 1L << 30);
      YamuxStream stream = served.get(5, TimeUnit.SECONDS);
      Thread writer = writerThread.get(5, TimeUnit.SECONDS);

      awaitCondition(
          "the writer blocks on the connection buffer",
          () -> isBlocked(writer) && !server.isWritable());
      long framed = WINDOW + (1L << 30) - stream.sendWindow();
      // Flow control does not stop it (window left); the connection's water mark does. What
      // sits in memory and kernel buffers is bounded, far below the 32 MiB being written.
      assertThat(stream.sendWindow()).isGreaterThan(0);
      assertThat(framed).isLessThan(size / 2);

      long received = 0;
      while (true) {
        RawYamuxPeer.Frame frame = peer.nextIgnoringPings();
        if (frame.streamId() == 1 && frame.type() == DATA) {
          received += frame.data().length;
          if (frame.has(FIN)) {
            break;
          }
        }
      }
      assertThat(received).isEqualTo(size);
      peer.sendData(FIN, 1, new byte[0]);
    }
    assertThat(net.handlerFailures).isEmpty();
  }

  @Test
  void aPeerThatFloodsPingsWithoutReadingIsDisconnected() throws Exception {
    // Small socket buffers, so that unread pongs pile up in the session, not in the kernel.
    InetSocketAddress address =
        net.listen(
            YamuxConfig.defaults(), s -> s.reset(), ch -> ch.config().setSendBufferSize(4096));
    java.nio.ByteBuffer pings = java.nio.ByteBuffer.allocate(1000 * 12);
    for (int i = 0; i < 1000; i++) {
      pings.put((byte) 0).put((byte) PING).putShort((short) SYN).putInt(0).putInt(i);
    }
    try (RawYamuxPeer peer = RawYamuxPeer.withReceiveBuffer(address, 4096)) {
      YamuxSession server = net.nextAccepted();
      try {
        for (int sent = 0; sent < 3 * YamuxSession.MAX_QUEUED_RESPONSES; sent += 1000) {
          peer.sendRaw(pings.array());
        }
      } catch (IOException closedByServer) {
        // Once the server gives up on this peer.
      }
      // Without the cap the server would buffer pongs forever and never close.
      server.closeFuture().get(60, TimeUnit.SECONDS);
      assertThat(server.isOpen()).isFalse();
    }
  }

  @Test
  void keepAliveHoldsWhilePingsAreAnsweredAndClosesWhenTheyStop() throws Exception {
    YamuxConfig config =
        YamuxConfig.builder()
            .keepAliveInterval(java.time.Duration.ofMillis(50))
            .keepAliveTimeout(java.time.Duration.ofSeconds(2))
            .build();
    InetSocketAddress address = net.listen(config, s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      YamuxSession server = net.nextAccepted();
      // Answer the start-up ping and five keep-alive rounds: the session stays.
      for (int answered = 0; answered < 6; answered++) {
        RawYamuxPeer.Frame ping = peer.next();
        assertThat(ping.type()).isEqualTo(PING);
        assertThat(ping.has(SYN)).isTrue();
        peer.send(PING, ACK, 0, ping.length());
      }
      assertThat(server.isOpen()).isTrue();

      // Silence: a ping unanswered within the timeout ends the session with GoAway.
      RawYamuxPeer.Frame frame;
      do {
        frame = peer.next();
      } while (frame.type() == PING);
      assertThat(frame.type()).isEqualTo(GO_AWAY);
      assertThat(frame.length()).as("normal termination").isZero();
      server.closeFuture().get(5, TimeUnit.SECONDS);
      assertThat(server.peerUnresponsive()).isTrue();
      assertThat(peer.atEndOfStream()).isTrue();
    }
  }

  @Test
  void dataAfterLocalCloseIsAnsweredWithReset() throws Exception {
    InetSocketAddress address =
        net.listen(
            YamuxConfig.defaults(),
            net.serve(
                stream -> {
                  assertThat(readExactly(stream, 2)).isEqualTo(ascii("hi"));
                  stream.close();
                }));
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      peer.sendData(SYN, 1, ascii("hi"));
      RawYamuxPeer.Frame frame;
      do {
        frame = peer.nextIgnoringPings();
      } while (!frame.has(FIN));
      assertThat(frame.streamId()).isEqualTo(1);
      peer.sendData(0, 1, ascii("unwanted"));
      do {
        frame = peer.nextIgnoringPings();
      } while (frame.streamId() != 1);
      assertThat(frame.has(RST)).isTrue();
      assertThat(frame.type()).as("RST on a data frame, as py-libp2p needs").isEqualTo(DATA);
    }
    assertThat(net.handlerFailures).isEmpty();
  }

  /**
   * py-libp2p (c4abd7c, {@code yamux.py}) opens a stream on WINDOW_UPDATE|SYN but ignores the
   * frame's length, and honours only later window updates. A session whose receive window is raised
   * beyond 256 KiB must still get a 4 MiB transfer from such a writer: the raise travels in a
   * window update of its own. (With the raise on the SYN, the writer stopped at 256 KiB and the
   * session waited for half its 1 MiB window before granting more.) The other way, the session
   * sends such a peer no byte beyond the window the peer granted.
   */
  @Test
  void aRaisedWindowReachesAPeerThatIgnoresTheLengthOfASyn() throws Exception {
    int window = 1024 * 1024;
    InetSocketAddress address =
        net.listen(YamuxConfig.builder().initialWindow(window).build(), s -> s.reset());
    try (RawYamuxPeer peer = new RawYamuxPeer(address)) {
      YamuxSession server = net.nextAccepted();
      YamuxStream stream = server.openStream().get(5, TimeUnit.SECONDS);
      RawYamuxPeer.Frame syn = peer.nextIgnoringPings();
      assertThat(syn.type()).isEqualTo(WINDOW_UPDATE);
      assertThat(syn.flags()).isEqualTo(SYN);
      assertThat(syn.length()).as("no window on the SYN").isZero();
      int id = syn.streamId();
      peer.sendData(ACK, id, new byte[0]); // py-libp2p acknowledges with an empty data frame

      int total = 4 * 1024 * 1024;
      var received = net.virtualThreads().submit(() -> readExactly(stream, total));
      long credit = WINDOW; // what py-libp2p believes: the SYN's length is lost
      byte[] chunk = new byte[60 * 1024];
      for (int sent = 0; sent < total; ) {
        while (credit == 0) {
          RawYamuxPeer.Frame f = peer.nextIgnoringPings();
          if (f.type() == WINDOW_UPDATE && !f.has(SYN) && f.streamId() == id) {
            credit += f.length();
          }
        }
        int n = (int) Math.min(Math.min(credit, chunk.length), total - sent);
        peer.sendData(0, id, java.util.Arrays.copyOf(chunk, n));
        sent += n;
        credit -= n;
      }
      assertThat(received.get(30, TimeUnit.SECONDS)).hasSize(total);

      // Back: py-libp2p grants what it reads, and never checks; the session must stay within.
      int back = 1024 * 1024;
      var written =
          net.virtualThreads()
              .submit(
                  () -> {
                    stream.write(new byte[back]);
                    stream.closeWrite();
                    return null;
                  });
      long granted = WINDOW;
      long got = 0;
      while (true) {
        RawYamuxPeer.Frame f = peer.nextIgnoringPings();
        if (f.streamId() != id || f.type() != DATA) {
          continue;
        }
        got += f.data().length;
        assertThat(got).as("bytes within the window granted").isLessThanOrEqualTo(granted);
        if (f.has(FIN)) {
          break;
        }
        if (got > granted - 64 * 1024) { // reads lag behind: grant what was read, in batches
          peer.send(WINDOW_UPDATE, 0, id, got - (granted - WINDOW));
          granted = got + WINDOW;
        }
      }
      written.get(30, TimeUnit.SECONDS);
      assertThat(got).isEqualTo(back);
    }
  }
}
