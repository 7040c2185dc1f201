package org.subnetp2p.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesWhatJsonRequires() {
    assertThat(Json.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    assertThat(Json.strings(List.of("x", "y"))).isEqualTo("[\"x\",\"y\"]");
    assertThat(Json.strings(List.of())).isEqualTo("[]");
  }
}
