package org.subnetp2p.kademlia.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecord;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.kademlia.KadStats;
import org.subnetp2p.kademlia.LookupResult;
import org.subnetp2p.kademlia.PublicKeyValidator;
import org.subnetp2p.kademlia.wire.Frames;
import org.subnetp2p.kademlia.wire.pb.Message;
import org.subnetp2p.kademlia.wire.pb.Record;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.host.TestHosts;

/**
 * Hostile peers over real TCP, each a test: bad answers cost only their own request and lookups
 * still end within their deadline; bad requests cost only their own stream, and the DHT keeps
 * serving others.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KadBadInputTest {
  private static final String KAD = KadConfig.PROTOCOL_ID;
  private static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(8);
  private static final KadConfig CONFIG =
      KadConfig.builder()
          .mode(KadMode.SERVER)
          .refreshInterval(Duration.ofHours(1))
          .startupRefresh(false)
          .requestTimeout(Duration.ofSeconds(2))
          .lookupTimeout(LOOKUP_DEADLINE)
          .build();

  private final TestHosts hosts = new TestHosts();
  private NettyHost victimHost;
  private KadDht victim;
  private NettyHost honestHost;
  private KadDht honest;

  @BeforeEach
  void start() throws Exception {
    victimHost = hosts.start();
    victim = new KadDht(victimHost, CONFIG);
    victim.start();
    honestHost = hosts.start();
    honest = new KadDht(honestHost, CONFIG);
    honest.start();
    victimHost.connect(honestHost.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> victim.routingTable().contains(honestHost.peerId()));
  }

  @AfterEach
  void stop() {
    hosts.close();
  }

  // ---- hostile answers ----

  /** A peer serving kad with {@code answer}, connected to the victim and in its table. */
  private NettyHost hostile(StreamHandler answer) throws Exception {
    NettyHost h = hosts.start();
    h.setStreamHandler(KAD, answer);
    victimHost.connect(h.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> victim.routingTable().contains(h.peerId()));
    return h;
  }

  /** Reads the request, then answers with {@code reply}. */
  private static StreamHandler answering(java.util.function.Function<Message, Message> reply) {
    return s -> {
      Message request = Frames.read(s, 1 << 20);
      Frames.write(s, reply.apply(request));
    };
  }

  /** A lookup through the hostile peer must end within its deadline; the honest peer is found. */
  private LookupResult lookupEndsInTime() throws Exception {
    long start = System.nanoTime();
    LookupResult r = victim.lookup(new byte[] {1, 2, 3}, p -> {}).get(30, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(LOOKUP_DEADLINE.plusSeconds(5));
    assertThat(victim.findPeer(honestHost.peerId()).get(30, TimeUnit.SECONDS)).isNotEmpty();
    return r;
  }

  private static Message.Peer peer(PeerId id, byte[]... addrs) {
    Message.Peer.Builder b = Message.Peer.newBuilder().setId(ByteString.copyFrom(id.toBytes()));
    for (byte[] a : addrs) {
      b.addAddrs(ByteString.copyFrom(a));
    }
    return b.build();
  }

  private static PeerId randomPeer() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  }

  @Test
  void anAnswerOfTheWrongTypeFailsOnlyItsRequest() throws Exception {
    hostile(answering(req -> Message.newBuilder().setType(Message.MessageType.GET_VALUE).build()));

    LookupResult r = lookupEndsInTime();

    assertThat(r.failed()).isPositive();
    assertThat(victim.stats().badAnswers()).isPositive();
  }

  @Test
  void aCloserPeersListOfTenThousandEntriesIsCutToTwenty() throws Exception {
    NettyHost bad =
        hostile(
            answering(
                req -> {
                  Message.Builder m = Message.newBuilder().setType(req.getType());
                  for (int i = 0; i < 10_000; i++) {
                    m.addCloserPeers(
                        Message.Peer.newBuilder()
                            .setId(ByteString.copyFrom(new byte[] {(byte) i})));
                  }
                  return m.build();
                }));

    LookupResult r = lookupEndsInTime();

    assertThat(r.closest()).contains(bad.peerId()); // it did answer; nothing it said was usable
    assertThat(r.queried()).isLessThanOrEqualTo(3);
  }

  @Test
  void invalidMultiaddrsAndAddressesOfOtherPeersAreSkipped() throws Exception {
    PeerId ghost = randomPeer();
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, 0x01};
    byte[] truncated = {0x04, 127, 0};
    byte[] otherPeers = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(randomPeer()).toBytes();
    hostile(
        answering(
            req ->
                Message.newBuilder()
                    .setType(req.getType())
                    .addCloserPeers(peer(ghost, garbage, truncated, otherPeers))
                    .addCloserPeers(
                        Message.Peer.newBuilder().setId(ByteString.copyFromUtf8("not an id")))
                    .build()));

    LookupResult r = lookupEndsInTime();

    assertThat(r.closest()).doesNotContain(ghost);
    assertThat(victim.addressesOf(ghost)).isEmpty();
  }

  @Test
  void aRecordFiledUnderAnotherKeyIsIgnored() throws Exception {
    PrivateKey other = Keys.generateEd25519();
    PeerId otherPeer = PeerId.fromPublicKey(other.publicKey());
    PeerId wanted = randomPeer();
    hostile(
        answering(
            req ->
                Message.newBuilder()
                    .setType(req.getType())
                    .setKey(req.getKey())
                    .setRecord(
                        Record.newBuilder()
                            .setKey(ByteString.copyFrom(PublicKeyValidator.keyOf(otherPeer)))
                            .setValue(ByteString.copyFrom(other.publicKey().marshal())))
                    .build()));

    long start = System.nanoTime();
    var found = victim.getValue(PublicKeyValidator.keyOf(wanted)).get(30, TimeUnit.SECONDS);

    assertThat(found).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(LOOKUP_DEADLINE.plusSeconds(5));
  }

  @Test
  void aOneMebibyteAnswerIsRefusedFromItsPrefix() throws Exception {
    hostile(
        s -> {
          Frames.read(s, 1 << 20);
          s.write(Varint.encode(1 << 20));
          s.write(new byte[1 << 20]);
        });

    LookupResult r = lookupEndsInTime();

    assertThat(r.failed()).isPositive();
    assertThat(victim.stats().badAnswers()).isPositive();
  }

  @Test
  void aPeerThatAnswersWithItselfForeverDoesNotHoldTheLookup() throws Exception {
    NettyHost[] self = new NettyHost[1];
    self[0] =
        hostile(
            answering(
                req ->
                    Message.newBuilder()
                        .setType(req.getType())
                        .addCloserPeers(
                            peer(
                                self[0].peerId(),
                                self[0].dialableAddresses().get(0).withoutPeerId().toBytes()))
                        .build()));

    LookupResult r = lookupEndsInTime();

    assertThat(r.timedOut()).isFalse();
    assertThat(r.queried()).isLessThanOrEqualTo(3);
  }

  @Test
  void aPeerThatNeverAnswersCostsOneRequestTimeout() throws Exception {
    hostile(
        s -> {
          s.setReadDeadline(Instant.now().plusSeconds(60));
          while (s.read(new byte[64], 0, 64) >= 0) {
            // swallow everything, answer nothing
          }
        });

    LookupResult r = lookupEndsInTime();

    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.timedOut()).isFalse();
  }

  // ---- hostile requests ----

  /** Opens a kad stream from a fresh host to the victim. */
  private Stream rawStream(NettyHost from) throws Exception {
    return from.connect(victimHost.dialableAddresses().get(0))
        .get(20, TimeUnit.SECONDS)
        .newStream(List.of(KAD))
        .get(20, TimeUnit.SECONDS);
  }

  private static byte[] readAll(Stream s) throws Exception {
    s.setReadDeadline(Instant.now().plusSeconds(20));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = s.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** What the victim does with {@code bytes} from a stranger: must reset that stream. */
  private void refused(byte[] bytes) throws Exception {
    NettyHost stranger = hosts.start();
    long before = victim.stats().inboundRejected();
    Stream s = rawStream(stranger);
    s.write(bytes);

    assertThatThrownBy(() -> readAll(s)).isInstanceOf(StreamResetException.class);
    assertThat(victim.stats().inboundRejected()).isGreaterThan(before);
    stillServes();
  }

  /** The honest peer's requests are answered as before. */
  private void stillServes() throws Exception {
    assertThat(honest.routingTable()).contains(victimHost.peerId());
    assertThat(honest.lookup(new byte[] {5}, p -> {}).get(30, TimeUnit.SECONDS).answered())
        .isPositive();
  }

  private static byte[] framed(Message m) {
    return Frames.frame(m);
  }

  @Test
  void aOneMebibyteRequestIsRefusedFromItsPrefix() throws Exception {
    byte[] prefix = Varint.encode(1 << 20);
    refused(prefix);
  }

  @Test
  void aRequestOfUnknownTypeIsRefused() throws Exception {
    refused(
        framed(Message.newBuilder().setTypeValue(99).setKey(ByteString.copyFromUtf8("k")).build()));
  }

  @Test
  void bytesThatAreNoMessageAreRefused() throws Exception {
    refused(new byte[] {5, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
  }

  @Test
  void anOversizedKeyIsRefused() throws Exception {
    refused(
        framed(
            Message.newBuilder()
                .setType(Message.MessageType.FIND_NODE)
                .setKey(ByteString.copyFrom(new byte[1000]))
                .build()));
  }

  @Test
  void aRecordForAForeignKeyOrAnInvalidOneIsNeitherStoredNorAcknowledged() throws Exception {
    PrivateKey key = Keys.generateEd25519();
    PeerId owner = PeerId.fromPublicKey(key.publicKey());
    Record valid =
        Record.newBuilder()
            .setKey(ByteString.copyFrom(PublicKeyValidator.keyOf(owner)))
            .setValue(ByteString.copyFrom(key.publicKey().marshal()))
            .build();
    refused(
        framed(
            Message.newBuilder()
                .setType(Message.MessageType.PUT_VALUE)
                .setKey(ByteString.copyFrom(PublicKeyValidator.keyOf(randomPeer())))
                .setRecord(valid)
                .build()));
    refused(
        framed(
            Message.newBuilder()
                .setType(Message.MessageType.PUT_VALUE)
                .setKey(valid.getKey())
                .setRecord(valid.toBuilder().setValue(ByteString.copyFromUtf8("not a key")))
                .build()));
    refused(
        framed(
            Message.newBuilder()
                .setType(Message.MessageType.PUT_VALUE)
                .setKey(ByteString.copyFromUtf8("/app/x"))
                .setRecord(
                    Record.newBuilder()
                        .setKey(ByteString.copyFromUtf8("/app/x"))
                        .setValue(ByteString.copyFromUtf8("v")))
                .build()));

    assertThat(victim.getValue(valid.getKey().toByteArray()).get(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aFloodFromOnePeerIsCutWhileOthersAreServed() throws Exception {
    NettyHost flooder = hosts.start();
    byte[] request =
        framed(
            Message.newBuilder()
                .setType(Message.MessageType.FIND_NODE)
                .setKey(ByteString.copyFrom(randomPeer().toBytes()))
                .build());
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Stream s = rawStream(flooder);
                  s.write(request);
                  s.closeWrite();
                  return readAll(s).length > 0;
                } catch (Exception e) {
                  return false;
                }
              },
              java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
    }
    int answered = 0;
    for (CompletableFuture<Boolean> a : answers) {
      if (a.get(60, TimeUnit.SECONDS)) {
        answered++;
      }
    }
    KadStats stats = victim.stats();

    assertThat(answered).isLessThan(120);
    assertThat(stats.inboundRateLimited() + stats.inboundOverLimit()).isPositive();
    stillServes();
  }

  @Test
  void requestsFromAPeerAreAnsweredOnOneStreamUntilItCloses() throws Exception {
    NettyHost caller = hosts.start();
    Stream s = rawStream(caller);
    Message ping = Message.newBuilder().setType(Message.MessageType.PING).build();

    s.write(framed(ping));
    s.setReadDeadline(Instant.now().plusSeconds(20));
    Message first = Frames.read(s, 1 << 16);
    s.write(framed(ping));
    Message second = Frames.read(s, 1 << 16);
    s.closeWrite();

    assertThat(first.getType()).isEqualTo(Message.MessageType.PING);
    assertThat(second.getType()).isEqualTo(Message.MessageType.PING);
    assertThat(first.hasSenderRecord()).isTrue();
    assertThat(Frames.read(s, 1 << 16)).isNull();
    assertThat(PeerRecord.fromEnvelope(first.getSenderRecord().toByteArray()).peerId())
        .isEqualTo(victimHost.peerId());
  }
}
