package org.subnetp2p.kademlia.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTest {
  @Test
  void aKeySharesAllItsBitsWithItselfAndDistanceIsZero() {
    Key a = Key.of(new byte[] {1, 2, 3});

    assertThat(a.commonPrefixLength(a)).isEqualTo(256);
    assertThat(a.compareDistance(a, a)).isZero();
    assertThat(a).isEqualTo(Key.of(new byte[] {1, 2, 3}));
  }

  @Test
  void keysAreTheSha256OfTheBytes() {
    // SHA-256("abc") = ba7816bf...
    assertThat(Key.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toString())
        .isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void closerMeansALongerCommonPrefixAndSortingAgreesWithIt() {
    Key target = Key.of(new byte[] {42});
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(Key.of(new byte[] {(byte) i, 7}));
    }
    keys.sort(target.byDistance());

    for (int i = 1; i < keys.size(); i++) {
      assertThat(target.commonPrefixLength(keys.get(i - 1)))
          .isGreaterThanOrEqualTo(target.commonPrefixLength(keys.get(i)));
      assertThat(target.compareDistance(keys.get(i - 1), keys.get(i))).isNegative();
    }
  }
}
