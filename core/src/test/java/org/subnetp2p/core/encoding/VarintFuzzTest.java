package org.subnetp2p.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.subnetp2p.core.testing.Allocations;

/**
 * The unsigned-varint decoders (array, stream, incremental, strict) on any bytes: each fails only
 * with its documented exception, they agree with each other, never read past {@link
 * Varint#MAX_BYTES}, and decoding what the encoder wrote gives the value back.
 */
class VarintFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    Long fromArray = Allocations.atMost(Allocations.SLACK, () -> decodeArray(input));
    Long fromStream = Allocations.atMost(Allocations.SLACK, () -> decodeStream(input));
    assertThat(fromStream).isEqualTo(fromArray);

    // The strict reader takes only minimal varints, so what it read is the encoder's output.
    ByteReader reader = new ByteReader(input);
    try {
      long value = reader.readVarint("value");
      assertThat(reader.position()).isLessThanOrEqualTo(Varint.MAX_BYTES);
      assertThat(Arrays.copyOf(input, reader.position())).isEqualTo(Varint.encode(value));
      assertThat(value).isEqualTo(fromArray);
    } catch (VarintException rejected) {
      // documented: cut short, too long, overflowing or not minimal
    }

    // Any 64-bit value survives encode then decode, in every form.
    long value = ByteBuffer.wrap(Arrays.copyOf(input, 8)).getLong();
    byte[] encoded = Varint.encode(value);
    assertThat(encoded).hasSize(Varint.encodedLength(value)).hasSizeLessThanOrEqualTo(10);
    assertThat(Varint.decode(encoded, 0)).isEqualTo(value);
    assertThat(Varint.read(new ByteArrayInputStream(encoded))).isEqualTo(value);
    assertThat(new ByteReader(encoded).readVarint("value")).isEqualTo(value);
  }

  private static Long decodeArray(byte[] input) {
    try {
      return Varint.decode(input, 0);
    } catch (VarintException rejected) {
      return null;
    }
  }

  private static Long decodeStream(byte[] input) throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    try {
      long value = Varint.read(in);
      assertThat(input.length - in.available()).isLessThanOrEqualTo(Varint.MAX_BYTES);
      return value;
    } catch (VarintException | EOFException rejected) {
      assertThat(input.length - in.available()).isLessThanOrEqualTo(Varint.MAX_BYTES);
      return null;
    }
  }
}
