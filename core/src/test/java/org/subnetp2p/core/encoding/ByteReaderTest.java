package org.subnetp2p.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteReaderTest {
  @Test
  void readsVarintsAndSlices() {
    ByteReader reader = new ByteReader(new byte[] {(byte) 0xa5, 0x03, 0x02, 0x0a, 0x0b, 0x0c});
    assertThat(reader.readVarint("code")).isEqualTo(421);
    assertThat(reader.readVarint("length", 10)).isEqualTo(2);
    assertThat(reader.position()).isEqualTo(3);
    assertThat(reader.readBytes(2, "value")).containsExactly(0x0a, 0x0b);
    assertThat(reader.remaining()).isEqualTo(1);
    assertThat(reader.readRemaining()).containsExactly(0x0c);
    assertThat(reader.hasRemaining()).isFalse();
  }

  @Test
  void rejectsNonMinimalVarints() {
    // 0x81 0x00 is 1 padded to two bytes.
    assertThatThrownBy(() -> new ByteReader(new byte[] {(byte) 0x81, 0x00}).readVarint("code"))
        .isInstanceOf(VarintException.class)
        .hasMessage("non-minimal code varint at byte 0");
  }

  @Test
  void rejectsVarintsCutShort() {
    ByteReader reader = new ByteReader(new byte[] {0x01, (byte) 0x80});
    reader.readVarint("first");
    assertThatThrownBy(() -> reader.readVarint("second"))
        .isInstanceOf(VarintException.class)
        .hasMessage("input ends inside the second varint at byte 1");
  }

  @Test
  void rejectsVarintsAboveTheLimit() {
    assertThatThrownBy(() -> new ByteReader(new byte[] {0x0b}).readVarint("length", 10))
        .isInstanceOf(VarintException.class)
        .hasMessage("length 11 at byte 0 exceeds 10");
  }

  @Test
  void rejectsSlicesPastTheEnd() {
    ByteReader reader = new ByteReader(new byte[] {1, 2, 3});
    reader.readBytes(1, "first");
    assertThatThrownBy(() -> reader.readBytes(4, "ip4 value"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("truncated ip4 value at byte 1: needs 4 bytes, 2 left");
  }
}
