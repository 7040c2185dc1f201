package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
  private static final int KIB = 1024;
  private static final int WINDOW = 256 * KIB;
  private static final long RTT = 1_000_000; // 1 ms

  private final LongUnaryOperator budget = want -> want; // growth always affordable

  @Test
  void theRemoteMayNotSendMoreThanItWasGranted() {
    ReceiveWindow window = new ReceiveWindow(WINDOW, 16 * 1024 * KIB, budget, 0);
    assertThat(window.onReceived(WINDOW - 1)).isTrue();
    assertThat(window.onReceived(2)).isFalse();
    assertThat(window.onReceived(1)).isTrue();
    assertThat(window.credit()).isZero();
  }

  @Test
  void grantsOnlyWhatWasConsumedAndInBatchesOfHalfTheWindow() {
    ReceiveWindow window = new ReceiveWindow(WINDOW, WINDOW, budget, 0);
    window.onReceived(WINDOW);
    long now = 0;
    assertThat(window.onConsumed(64 * KIB, now, 0)).isZero();
    assertThat(window.onConsumed(63 * KIB, now, 0)).isZero();
    assertThat(window.onConsumed(KIB, now, 0)).isEqualTo(128 * KIB);
    assertThat(window.credit()).isEqualTo(128 * KIB);
    assertThat(window.window()).isEqualTo(WINDOW);
  }

  @Test
  void doublesWhileTheReaderGetsAtLeastHalfOfAWindowPerRoundTrip() {
    ReceiveWindow window = new ReceiveWindow(WINDOW, 1024 * KIB, budget, 0);
    // 3/4 of a window within one round trip: the shape of a window-bound transfer.
    window.onReceived(3 * WINDOW / 4);
    int delta = window.onConsumed(3 * WINDOW / 4, RTT, RTT);
    assertThat(window.window()).isEqualTo(2 * WINDOW);
    // The update returns what was consumed plus the growth.
    assertThat(delta).isEqualTo(3 * WINDOW / 4 + WINDOW);
    assertThat(window.credit()).isEqualTo(2 * WINDOW);

    // Exactly half the window's limit still counts.
    window.onReceived(WINDOW);
    window.onConsumed(WINDOW, 2 * RTT, RTT);
    assertThat(window.window()).isEqualTo(1024 * KIB);
    window.onReceived(512 * KIB);
    window.onConsumed(512 * KIB, 2 * RTT + 1, RTT);
    assertThat(window.window()).as("capped at the maximum").isEqualTo(1024 * KIB);
  }

  @Test
  void staysWhenTheReaderGetsLessThanHalfOrTheRoundTripIsUnknown() {
    ReceiveWindow window = new ReceiveWindow(WINDOW, 1024 * KIB, budget, 0);
    // Half a window in two round trips: a quarter of what the window allows.
    window.onReceived(WINDOW / 2);
    window.onConsumed(WINDOW / 2, 2 * RTT, RTT);
    assertThat(window.window()).isEqualTo(WINDOW);
    window.onReceived(WINDOW / 2);
    window.onConsumed(WINDOW / 2, 2 * RTT + 1, 0);
    assertThat(window.window()).isEqualTo(WINDOW);
  }

  @Test
  void growsOnlyByWhatItsOwnerCanPayFor() {
    MemoryBudget small = MemoryBudget.of(WINDOW);
    LongUnaryOperator payOrRefuse = want -> small.tryReserve(want) ? want : 0;
    ReceiveWindow a = new ReceiveWindow(WINDOW, 16 * 1024 * KIB, payOrRefuse, 0);
    ReceiveWindow b = new ReceiveWindow(WINDOW, 16 * 1024 * KIB, payOrRefuse, 0);
    a.onReceived(WINDOW / 2);
    a.onConsumed(WINDOW / 2, 1, RTT);
    assertThat(a.window()).isEqualTo(2 * WINDOW);
    b.onReceived(WINDOW / 2);
    assertThat(b.onConsumed(WINDOW / 2, 1, RTT)).as("only what was consumed").isEqualTo(WINDOW / 2);
    assertThat(b.window()).as("no budget left").isEqualTo(WINDOW);
    assertThat(small.used()).isEqualTo(WINDOW);
  }
}
