package org.subnetp2p.kademlia;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.record.InvalidRecordException;

class RecordValidationTest {
  private static final PrivateKey KEY = Keys.generateEd25519();
  private static final PeerId PEER = PeerId.fromPublicKey(KEY.publicKey());
  private final NamespacedValidator validator =
      new NamespacedValidator(KadConfig.defaults().validators());

  @Test
  void aPublicKeyIsValidUnderItsOwnPeersPkKey() {
    assertThatCode(
            () -> validator.validate(PublicKeyValidator.keyOf(PEER), KEY.publicKey().marshal()))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherPeersKeyIsRefused() {
    byte[] other = Keys.generateEd25519().publicKey().marshal();

    assertThatThrownBy(() -> validator.validate(PublicKeyValidator.keyOf(PEER), other))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("another peer");
  }

  @Test
  void garbageUnderAPkKeyIsRefused() {
    assertThatThrownBy(() -> validator.validate(PublicKeyValidator.keyOf(PEER), new byte[] {1, 2}))
        .isInstanceOf(InvalidRecordException.class);
    assertThatThrownBy(
            () -> validator.validate(bytes("/pk/not-a-peer-id"), KEY.publicKey().marshal()))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void keysOfUnknownNamespacesOrWithoutOneAreRefused() {
    assertThatThrownBy(() -> validator.validate(bytes("/ipns/x"), bytes("v")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("ipns");
    assertThatThrownBy(() -> validator.validate(bytes("plain-key"), bytes("v")))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("no namespace");
    assertThatThrownBy(() -> validator.validate(bytes("//x"), bytes("v")))
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void validatorsArePluggablePerNamespace() throws Exception {
    RecordValidator anything = (key, value) -> {};
    NamespacedValidator custom =
        new NamespacedValidator(Map.of("app", anything, "pk", new PublicKeyValidator()));

    custom.validate(bytes("/app/some/key"), bytes("any value"));
    assertThatThrownBy(() -> custom.validate(bytes("/other/k"), bytes("v")))
        .isInstanceOf(InvalidRecordException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
