package org.subnetp2p.core.encoding;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from the multibase spec's test files, for the bases this implementation supports. */
class MultibaseTest {
  @ParameterizedTest
  @CsvSource({
    // test1.csv: "Decentralize everything!!"
    "Decentralize everything!!, BASE16, f446563656e7472616c697a652065766572797468696e672121",
    "Decentralize everything!!, BASE16_UPPER, F446563656E7472616C697A652065766572797468696E672121",
    "Decentralize everything!!, BASE32, birswgzloorzgc3djpjssazlwmvzhs5dinfxgoijb",
    "Decentralize everything!!, BASE32_UPPER, BIRSWGZLOORZGC3DJPJSSAZLWMVZHS5DINFXGOIJB",
    "Decentralize everything!!, BASE36, k343ixo7d49hqj1ium15pgy1wzww5fxrid21td7l",
    "Decentralize everything!!, BASE36_UPPER, K343IXO7D49HQJ1IUM15PGY1WZWW5FXRID21TD7L",
    "Decentralize everything!!, BASE58_BTC, zUXE7GvtEk8XTXs1GF8HSGbVA9FCX9SEBPe",
    // basic.csv: "yes mani !"
    "yes mani !, BASE16, f796573206d616e692021",
    "yes mani !, BASE32, bpfsxgidnmfxgsibb",
    "yes mani !, BASE36, k2lcpzo5yikidynfl",
    "yes mani !, BASE58_BTC, z7paNL19xttacUY",
    // leading_zero.csv (quoted: CsvSource would trim the NUL as whitespace): "\0yes mani !"
    "'\u0000yes mani !', BASE16, f00796573206d616e692021",
    "'\u0000yes mani !', BASE32, bab4wk4zanvqw42jaee",
    "'\u0000yes mani !', BASE36, k02lcpzo5yikidynfl",
    "'\u0000yes mani !', BASE58_BTC, z17paNL19xttacUY",
    // two_leading_zeros.csv: "\0\0yes mani !"
    "'\u0000\u0000yes mani !', BASE16, f0000796573206d616e692021",
    "'\u0000\u0000yes mani !', BASE32, baaahszltebwwc3tjeaqq",
    "'\u0000\u0000yes mani !', BASE36, k002lcpzo5yikidynfl",
    "'\u0000\u0000yes mani !', BASE36_UPPER, K002LCPZO5YIKIDYNFL",
    "'\u0000\u0000yes mani !', BASE58_BTC, z117paNL19xttacUY",
  })
  void specVectors(String plain, Multibase.Base base, String encoded) {
    byte[] bytes = plain.getBytes(US_ASCII);
    assertThat(Multibase.encode(base, bytes)).isEqualTo(encoded);
    assertThat(Multibase.baseOf(encoded)).isEqualTo(base);
    assertThat(Multibase.decode(encoded)).isEqualTo(bytes);
  }

  /** case_insensitivity.csv: mixed-case text in case-insensitive bases must decode. */
  @ParameterizedTest
  @CsvSource({
    "f68656c6c6f20776F726C64",
    "F68656c6c6f20776F726C64",
    "bnbswy3dpeB3W64TMMQ",
    "Bnbswy3dpeB3W64TMMQ",
    "kfUvrsIvVnfRbjWaJo",
    "KfUVrSIVVnFRbJWAJo",
  })
  void caseInsensitiveBases(String encoded) {
    assertThat(Multibase.decode(encoded)).isEqualTo("hello world".getBytes(US_ASCII));
  }

  @Test
  void namesAnUnsupportedPrefix() {
    assertThatThrownBy(() -> Multibase.decode("mRGVjZW50cmFsaXplIGV2ZXJ5dGhpbmchIQ"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("unsupported multibase prefix 'm'");
    assertThatThrownBy(() -> Multibase.decode(""))
        .isInstanceOf(EncodingException.class)
        .hasMessage("empty multibase text");
  }

  @Test
  void rejectsBadBase16() {
    assertThatThrownBy(() -> Multibase.decode("f123"))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("odd number");
    assertThatThrownBy(() -> Multibase.decode("f12g456"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("invalid base16 character 'g' at index 2");
  }

  @Test
  void baseFromPrefix() {
    for (Multibase.Base base : Multibase.Base.values()) {
      assertThat(Multibase.Base.forPrefix(base.prefix())).isEqualTo(base);
    }
  }
}
