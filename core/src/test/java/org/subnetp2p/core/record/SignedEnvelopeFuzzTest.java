package org.subnetp2p.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.testing.Allocations;

/**
 * Signed envelopes and peer records: {@link SignedEnvelope#open} and {@link
 * PeerRecord#fromEnvelope} fail only with {@link InvalidRecordException}. The input is either a
 * whole envelope, or (first byte odd) a peer-record payload that the test signs with a known key,
 * so that the record parser behind the signature check is reached too. An accepted record names its
 * signer, holds at most {@link PeerRecord#MAX_ADDRESSES} addresses without {@code /p2p/}, and
 * survives sealing and reading again.
 */
class SignedEnvelopeFuzzTest {
  private static final PrivateKey KEY = Keys.ed25519PrivateKey(new byte[32]);
  private static final PeerId PEER = PeerId.fromPublicKey(KEY.publicKey());

  @FuzzTest
  void open(FuzzedDataProvider data) throws Exception {
    boolean signHere = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    byte[] envelope =
        signHere
            ? SignedEnvelope.seal(KEY, PeerRecord.DOMAIN, PeerRecord.payloadType(), bytes).toBytes()
            : bytes;
    long bound = Allocations.SLACK + 64L * envelope.length;

    try {
      SignedEnvelope opened =
          Allocations.atMost(
              bound,
              () -> SignedEnvelope.open(envelope, PeerRecord.DOMAIN, PeerRecord.payloadType()));
      SignedEnvelope again =
          SignedEnvelope.open(opened.toBytes(), PeerRecord.DOMAIN, PeerRecord.payloadType());
      assertThat(again.payload()).isEqualTo(opened.payload());
      assertThat(again.publicKey()).isEqualTo(opened.publicKey());
    } catch (InvalidRecordException rejected) {
      // documented
    }

    PeerRecord record;
    try {
      record = Allocations.atMost(bound, () -> PeerRecord.fromEnvelope(envelope));
    } catch (InvalidRecordException rejected) {
      return;
    }
    assertThat(record.addresses()).hasSizeLessThanOrEqualTo(PeerRecord.MAX_ADDRESSES);
    record.addresses().forEach(a -> assertThat(a.peerId()).isEmpty());
    if (signHere) {
      assertThat(record.peerId()).isEqualTo(PEER);
      assertThat(PeerRecord.fromEnvelope(record.seal(KEY).toBytes())).isEqualTo(record);
    }
  }
}
