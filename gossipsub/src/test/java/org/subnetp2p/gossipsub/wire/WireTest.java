package org.subnetp2p.gossipsub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.gossipsub.SignaturePolicy;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;

class WireTest {
  private final PrivateKey key = Keys.generateEd25519();
  private final ByteString from =
      ByteString.copyFrom(PeerId.fromPublicKey(key.publicKey()).toBytes());

  private Message unsigned(String data) {
    return Message.newBuilder()
        .setFrom(from)
        .setSeqno(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
        .addTopic("t")
        .setData(ByteString.copyFromUtf8(data))
        .build();
  }

  @Test
  void aSignedMessageVerifiesAndAnyChangeBreaksIt() {
    Message signed = MessageSigning.sign(unsigned("x"), key);
    assertThat(signed.hasKey()).isFalse();
    assertThat(MessageSigning.verify(signed, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(MessageSigning.Verdict.OK);
    Message tampered = signed.toBuilder().setData(ByteString.copyFromUtf8("y")).build();
    assertThat(MessageSigning.verify(tampered, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(MessageSigning.Verdict.BAD_SIGNATURE);
    PeerId other = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    Message forgedFrom = signed.toBuilder().setFrom(ByteString.copyFrom(other.toBytes())).build();
    assertThat(MessageSigning.verify(forgedFrom, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(MessageSigning.Verdict.BAD_SIGNATURE);
    Message wrongKey =
        signed.toBuilder()
            .setKey(ByteString.copyFrom(Keys.generateEd25519().publicKey().marshal()))
            .build();
    assertThat(MessageSigning.verify(wrongKey, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(MessageSigning.Verdict.BAD_KEY);
  }

  @Test
  void theSignatureCoversThePrefixAndTheMessageWithoutSignatureAndKey() {
    Message signed =
        MessageSigning.sign(unsigned("x"), key).toBuilder()
            .setKey(ByteString.copyFromUtf8("k"))
            .build();
    byte[] expected =
        ByteString.copyFromUtf8("libp2p-pubsub:")
            .concat(unsigned("x").toByteString())
            .toByteArray();
    assertThat(MessageSigning.signedBytes(signed.toByteString())).isEqualTo(expected);
  }

  @Test
  void eachPolicyAcceptsWhatItShould() {
    Message signed = MessageSigning.sign(unsigned("x"), key);
    Message bare = Message.newBuilder().addTopic("t").setData(ByteString.copyFromUtf8("x")).build();
    assertThat(MessageSigning.verify(bare, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(MessageSigning.Verdict.UNSIGNED);
    assertThat(MessageSigning.verify(bare, SignaturePolicy.STRICT_NO_SIGN))
        .isEqualTo(MessageSigning.Verdict.OK);
    assertThat(MessageSigning.verify(signed, SignaturePolicy.STRICT_NO_SIGN))
        .isEqualTo(MessageSigning.Verdict.UNEXPECTED_SIGNATURE);
    assertThat(MessageSigning.verify(unsigned("x"), SignaturePolicy.STRICT_NO_SIGN))
        .isEqualTo(MessageSigning.Verdict.UNEXPECTED_SIGNATURE);
    assertThat(MessageSigning.verify(bare, SignaturePolicy.LAX_SIGN))
        .isEqualTo(MessageSigning.Verdict.OK);
    assertThat(MessageSigning.verify(signed, SignaturePolicy.LAX_NO_SIGN))
        .isEqualTo(MessageSigning.Verdict.OK);
  }

  @Test
  void gossipIdsAreHexOnlyForMeshsub20AndDecodeOnlyWholeHexBytes() {
    ByteString id = ByteString.copyFrom(new byte[] {0x00, 0x1f, (byte) 0xab});
    assertThat(GossipIds.encode(id, Protocol.MESHSUB_V20).toString(StandardCharsets.US_ASCII))
        .isEqualTo("001fab");
    assertThat(GossipIds.encode(id, Protocol.MESHSUB_V12)).isEqualTo(id);
    assertThat(GossipIds.decodeHex(ByteString.copyFromUtf8("001fab"))).isEqualTo(id);
    assertThat(GossipIds.decodeHex(ByteString.copyFromUtf8("001FAB"))).isEqualTo(id);
    assertThat(GossipIds.decodeHex(ByteString.copyFromUtf8("001fa"))).isNull();
    assertThat(GossipIds.decodeHex(ByteString.copyFromUtf8("00zz"))).isNull();
    assertThat(GossipIds.decodeHex(id)).isNull();
  }

  @Test
  void framesAreReadWithinTheirLimitAndAnOversizedOneIsRefusedFromItsLength() throws Exception {
    byte[] rpc = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[16];
    int n = RpcFrames.write(rpc, buf, 0);
    assertThat(n).isEqualTo(RpcFrames.frameLength(rpc));
    assertThat(RpcFrames.read(new ByteArrayInputStream(buf, 0, n), 100)).isEqualTo(rpc);
    assertThat(RpcFrames.read(new ByteArrayInputStream(new byte[0]), 100)).isNull();
    byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x05}; // 10 MiB, nothing follows
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(huge), 1 << 20))
        .isInstanceOf(RpcFrames.FrameTooLargeException.class);
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(new byte[] {5, 1}), 100))
        .isInstanceOf(EOFException.class);
    byte[] endless = new byte[12];
    java.util.Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> RpcFrames.read(new ByteArrayInputStream(endless), Integer.MAX_VALUE))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void controlAndMessagesTooLargeForOneFrameAreSplitLosingNothing() throws Exception {
    int max = 16 * 1024;
    RpcEncoder encoder = new RpcEncoder(max);
    ControlIHave.Builder ihave = ControlIHave.newBuilder().setTopicID("t");
    List<ByteString> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ByteString id =
          ByteString.copyFromUtf8(
              HexFormat.of().formatHex(new byte[] {(byte) i, (byte) (i >> 8)}) + i);
      ids.add(id);
      ihave.addMessageIDs(id);
    }
    List<byte[]> frames = encoder.control(ControlMessage.newBuilder().addIhave(ihave).build());
    assertThat(frames.size()).isGreaterThan(1);
    List<ByteString> back = new ArrayList<>();
    for (byte[] f : frames) {
      assertThat(f.length).isLessThanOrEqualTo(max);
      RPC.parseFrom(f).getControl().getIhaveList().forEach(h -> back.addAll(h.getMessageIDsList()));
    }
    assertThat(back).isEqualTo(ids);

    List<ByteString> messages = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      messages.add(
          Message.newBuilder().setData(ByteString.copyFrom(new byte[4000])).build().toByteString());
    }
    List<byte[]> batches = encoder.messages(messages);
    assertThat(batches.size()).isGreaterThan(1);
    int count = 0;
    for (byte[] b : batches) {
      assertThat(b.length).isLessThanOrEqualTo(max);
      count += RPC.parseFrom(b).getPublishCount();
    }
    assertThat(count).isEqualTo(10);
  }

  @Test
  void theSenderRecordIsAttachedToEveryRpcAndCountedInTheLimit() throws Exception {
    var record =
        org.subnetp2p.core.record.PeerRecord.of(PeerId.fromPublicKey(key.publicKey()), List.of())
            .seal(key);
    RpcEncoder encoder = new RpcEncoder(16 * 1024, () -> java.util.Optional.of(record));
    byte[] rpc = encoder.subscriptions(List.of("a", "b"), true).get(0);
    RPC decoded = RPC.parseFrom(rpc);
    assertThat(decoded.getSenderRecord().toByteArray()).isEqualTo(record.toBytes());
    assertThat(decoded.getSubscriptionsCount()).isEqualTo(2);
  }
}
