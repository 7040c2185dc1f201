package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every {@link Protocol} agrees with the spec's protocols.csv (a verbatim copy). */
class ProtocolTableTest {
  /** Rows of the csv this implementation deliberately leaves out. */
  private static final List<String> NOT_IMPLEMENTED =
      List.of("unix", "onion", "onion3", "garlic64", "garlic32", "certhash", "http-path", "memory");

  record Row(int code, int sizeBits, String name) {}

  @Test
  void everyProtocolMatchesItsCsvRow() throws IOException {
    Map<String, Row> rows = rows();
    for (Protocol protocol : Protocol.values()) {
      Row row = rows.get(protocol.protocolName());
      assertThat(row).as(protocol.protocolName()).isNotNull();
      assertThat(protocol.code()).as(protocol + " code").isEqualTo(row.code());
      assertThat(protocol.sizeBits()).as(protocol + " size").isEqualTo(row.sizeBits());
      assertThat(Protocol.forCode(row.code())).contains(protocol);
      assertThat(Protocol.forName(row.name())).contains(protocol);
      assertThat(protocol.toString()).isEqualTo(row.name());
    }
  }

  @Test
  void everyCsvRowIsImplementedOrListedAsLeftOut() throws IOException {
    for (Row row : rows().values()) {
      if (NOT_IMPLEMENTED.contains(row.name())) {
        assertThat(Protocol.forName(row.name())).as(row.name()).isEmpty();
      } else {
        assertThat(Protocol.forName(row.name())).as(row.name()).isPresent();
      }
    }
  }

  @Test
  void ipfsIsAnAliasOfP2p() throws IOException {
    assertThat(rows().get("ipfs").code()).isEqualTo(Protocol.P2P.code());
    assertThat(Protocol.forName("ipfs")).contains(Protocol.P2P);
    assertThat(Protocol.P2P.protocolName()).isEqualTo("p2p");
  }

  @Test
  void sizeHelpers() {
    assertThat(Protocol.TCP.hasValue()).isTrue();
    assertThat(Protocol.TCP.isVariableSize()).isFalse();
    assertThat(Protocol.DNS.isVariableSize()).isTrue();
    assertThat(Protocol.WS.hasValue()).isFalse();
    assertThat(Protocol.forName("foo")).isEmpty();
    assertThat(Protocol.forCode(9999)).isEmpty();
  }

  private static Map<String, Row> rows() throws IOException {
    String csv;
    try (InputStream in =
        ProtocolTableTest.class.getResourceAsStream("/multiformats/multiaddr_protocols.csv")) {
      csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Row> rows = new HashMap<>();
    for (String line : csv.split("\n")) {
      String[] cells = line.split(",", 4);
      if (line.startsWith("code") || cells.length < 3) {
        continue;
      }
      String size = cells[1].strip();
      rows.put(
          cells[2].strip(),
          new Row(
              Integer.parseInt(cells[0].strip()),
              size.equals("V") ? Protocol.VARIABLE : Integer.parseInt(size),
              cells[2].strip()));
    }
    assertThat(rows).hasSizeGreaterThan(40);
    return rows;
  }
}
