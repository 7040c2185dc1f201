package org.subnetp2p.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

class PeerRecordTest {
  /**
   * A signed peer record made by js-libp2p ({@code @libp2p/peer-record} 9.x via interop/js-peer's
   * node_modules): Ed25519 key from the seed 01..20, seq 1700000000000, two addresses.
   */
  private static final String JS_ENVELOPE =
      "0a240801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664120203011a"
          + "530a2600240801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad04966410"
          + "80d095ffbc311a0a0a08047f000001060fa11a160a1429000000000000000000000000000000010"
          + "60fa22a40167beb4afc0d055f1bd173d9aac21f605f9ec8fe4c937910f7cba941c4ed29aea4e47f909358"
          + "b29cbe1fc50f01db6bf45c14dd2c27579d4f6aeb0e6ce349a70d";

  private static final PrivateKey KEY = Keys.ed25519PrivateKey(seed());
  private static final PeerId PEER = PeerId.fromPublicKey(KEY.publicKey());
  private static final List<Multiaddr> ADDRESSES =
      List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4002"));

  private static byte[] seed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (i + 1);
    }
    return seed;
  }

  @Test
  void readsARecordSignedByJsLibp2p() throws Exception {
    PeerRecord record = PeerRecord.fromEnvelope(HexFormat.of().parseHex(JS_ENVELOPE));

    assertThat(record.peerId()).isEqualTo(PEER);
    assertThat(record.peerId().toString())
        .isEqualTo("12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf");
    assertThat(record.seq()).isEqualTo(1_700_000_000_000L);
    assertThat(record.addresses()).isEqualTo(ADDRESSES);
  }

  @Test
  void sealsTheSameBytesAsJsLibp2p() {
    // Ed25519 signatures are deterministic, so the whole envelope must match byte for byte.
    byte[] ours = new PeerRecord(PEER, 1_700_000_000_000L, ADDRESSES).seal(KEY).toBytes();

    assertThat(HexFormat.of().formatHex(ours)).isEqualTo(JS_ENVELOPE);
  }

  @Test
  void roundTripsAFreshRecord() throws Exception {
    PeerRecord record = PeerRecord.of(PEER, ADDRESSES);
    PeerRecord later = PeerRecord.of(PEER, ADDRESSES);

    assertThat(PeerRecord.fromEnvelope(record.seal(KEY).toBytes())).isEqualTo(record);
    assertThat(later.seq()).isGreaterThan(record.seq());
  }

  @Test
  void refusesATamperedPayload() {
    byte[] envelope = HexFormat.of().parseHex(JS_ENVELOPE);
    envelope[envelope.length - 70] ^= 1; // inside the payload, before the signature

    assertThatThrownBy(() -> PeerRecord.fromEnvelope(envelope))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void refusesARecordAboutAnotherPeer() {
    PrivateKey other = Keys.generateEd25519();
    byte[] lie =
        SignedEnvelope.seal(
                other,
                PeerRecord.DOMAIN,
                PeerRecord.payloadType(),
                new PeerRecord(PEER, 1, ADDRESSES).toBytes())
            .toBytes();

    assertThatThrownBy(() -> PeerRecord.fromEnvelope(lie))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("signed by");
  }

  @Test
  void refusesAnEnvelopeSignedForAnotherDomain() {
    byte[] other =
        SignedEnvelope.seal(
                KEY, "libp2p-routing-state", PeerRecord.payloadType(), new byte[] {1, 2})
            .toBytes();

    assertThatThrownBy(() -> PeerRecord.fromEnvelope(other))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void refusesGarbageAndOversizedInput() {
    assertThatThrownBy(() -> PeerRecord.fromEnvelope(new byte[] {(byte) 0xff, 0x01}))
        .isInstanceOf(InvalidRecordException.class);
    assertThatThrownBy(() -> PeerRecord.fromEnvelope(new byte[SignedEnvelope.MAX_SIZE + 1]))
        .isInstanceOf(InvalidRecordException.class);
    assertThatThrownBy(() -> PeerRecord.fromEnvelope(new byte[0]))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void refusesToSealWithAnotherPeersKey() {
    assertThatThrownBy(() -> PeerRecord.of(PEER, ADDRESSES).seal(Keys.generateEd25519()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
