package org.subnetp2p.transport.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.encoding.Varint;

class NegotiationTest {

  /** Splits framed bytes back into message texts. */
  private static List<String> messages(byte[] framed) throws MultistreamException {
    List<String> out = new ArrayList<>();
    int off = 0;
    while (off < framed.length) {
      int len = (int) Varint.decode(framed, off);
      off += Varint.encodedLength(len);
      byte[] body = Arrays.copyOfRange(framed, off, off + len);
      out.add(MultistreamMessages.decodeBody(body));
      off += len;
    }
    return out;
  }

  private static ListenerNegotiation listenerFor(String... protocols) {
    Set<String> served = Set.of(protocols);
    return new ListenerNegotiation(served::contains, () -> List.of(protocols));
  }

  @Test
  void encodingMatchesTheSpecExample() {
    // "na\n" is three bytes: the varint prefix is 3
    assertThat(HexFormat.of().formatHex(MultistreamMessages.encode("na"))).isEqualTo("036e610a");
    assertThat(MultistreamMessages.encode(MultistreamMessages.HEADER)[0]).isEqualTo((byte) 19);
  }

  @Test
  void dialerSendsHeaderAndFirstProposalTogether() throws Exception {
    DialerNegotiation dialer = new DialerNegotiation(List.of("/noise"));

    assertThat(messages(dialer.start())).containsExactly("/multistream/1.0.0", "/noise");
  }

  @Test
  void firstSupportedProposalWins() throws Exception {
    DialerNegotiation dialer = new DialerNegotiation(List.of("/a", "/b", "/c"));
    ListenerNegotiation listener = listenerFor("/b", "/c");

    List<String> toListener = new ArrayList<>(messages(dialer.start()));
    while (!dialer.isDone()) {
      String m = toListener.remove(0);
      for (String answer : messages(listener.onMessage(m))) {
        toListener.addAll(messages(dialer.onMessage(answer)));
      }
    }

    assertThat(dialer.selected()).isEqualTo("/b");
    assertThat(listener.selected()).isEqualTo("/b");
  }

  @Test
  void dialerReportsRejectionWhenEveryProposalGetsNa() throws Exception {
    DialerNegotiation dialer = new DialerNegotiation(List.of("/a", "/b"));
    dialer.start();
    dialer.onMessage(MultistreamMessages.HEADER);

    assertThat(messages(dialer.onMessage("na"))).containsExactly("/b");
    assertThat(dialer.onMessage("na")).isEmpty();
    assertThat(dialer.isDone()).isTrue();
    assertThat(dialer.selected()).isNull();
  }

  @Test
  void wrongHeaderIsAClearError() {
    DialerNegotiation dialer = new DialerNegotiation(List.of("/a"));

    assertThatThrownBy(() -> dialer.onMessage("/multistream/2.0.0"))
        .isInstanceOf(MultistreamException.class)
        .hasMessageContaining("does not speak /multistream/1.0.0");
    assertThatThrownBy(() -> listenerFor("/a").onMessage("hello"))
        .isInstanceOf(MultistreamException.class);
  }

  @Test
  void unexpectedAnswerIsAnError() throws Exception {
    DialerNegotiation dialer = new DialerNegotiation(List.of("/a"));
    dialer.onMessage(MultistreamMessages.HEADER);

    assertThatThrownBy(() -> dialer.onMessage("/b")).hasMessageContaining("answered \"/b\"");
  }

  @Test
  void listenerAnswersLsWithItsProtocols() throws Exception {
    ListenerNegotiation listener = listenerFor("/x/1", "/y/2");
    listener.onMessage(MultistreamMessages.HEADER);

    byte[] ls = listener.onMessage("ls");
    int total = (int) Varint.decode(ls, 0);
    byte[] inner = Arrays.copyOfRange(ls, Varint.encodedLength(total), ls.length);

    assertThat(inner).hasSize(total);
    assertThat(new String(inner, StandardCharsets.UTF_8)).isEqualTo("\u0005/x/1\n\u0005/y/2\n\n");
  }

  @Test
  void listenerGivesUpOnEndlessGuessing() throws Exception {
    ListenerNegotiation listener = listenerFor("/x");
    listener.onMessage(MultistreamMessages.HEADER);
    for (int i = 0; i < ListenerNegotiation.MAX_PROPOSALS; i++) {
      assertThat(messages(listener.onMessage("/guess/" + i))).containsExactly("na");
    }

    assertThatThrownBy(() -> listener.onMessage("/one/more"))
        .isInstanceOf(MultistreamException.class);
  }

  @Test
  void messageWithoutNewlineIsRejected() {
    assertThatThrownBy(
            () -> MultistreamMessages.decodeBody("na".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MultistreamException.class);
  }
}
