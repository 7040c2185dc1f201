package org.subnetp2p.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PubSub;

class MessageLinesTest {
  @Test
  void oneJsonLineInTheContractsShape() {
    PeerId from = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    PubSub.Message m =
        new PubSub.Message("t\"1", from, "a\nb \"c\" é".getBytes(StandardCharsets.UTF_8));
    assertThat(MessageLines.line(m))
        .isEqualTo(
            "{\"topic\":\"t\\\"1\",\"from\":\"" + from + "\",\"data\":\"a\\nb \\\"c\\\" é\"}");
    assertThat(MessageLines.line(new PubSub.Message("t", null, new byte[0])))
        .isEqualTo("{\"topic\":\"t\",\"from\":\"\",\"data\":\"\"}");
  }
}
