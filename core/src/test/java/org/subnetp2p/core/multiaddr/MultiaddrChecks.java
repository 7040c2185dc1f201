package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;

/** What holds for every multiaddr, however it was made: the fuzz tests' round trips. */
final class MultiaddrChecks {
  private MultiaddrChecks() {}

  static void checkConsistent(Multiaddr address) {
    String canonical = address.toString();
    Multiaddr reparsed = Multiaddr.parse(canonical);
    assertThat(reparsed).isEqualTo(address);
    assertThat(reparsed.toString()).isEqualTo(canonical);
    assertThat(Multiaddr.fromBytes(address.toBytes())).isEqualTo(address);
    assertThat(address.components()).isNotEmpty();
    for (Component component : address.components()) {
      assertThat(Component.fromValueBytes(component.protocol(), component.value()))
          .isEqualTo(component);
      if (component.protocol().hasValue()) {
        assertThat(Component.of(component.protocol(), component.valueText())).isEqualTo(component);
      }
    }
    boolean namesPeer = address.peerId().isPresent(); // validated on the way in: never throws
    if (address.components().size() > 1 || !namesPeer) {
      assertThat(address.withoutPeerId().components())
          .hasSize(address.components().size() - (namesPeer ? 1 : 0));
    }
  }
}
