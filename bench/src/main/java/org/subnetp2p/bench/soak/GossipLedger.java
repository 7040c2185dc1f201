package org.subnetp2p.bench.soak;

import java.util.BitSet;

/**
 * Delivery of the soak's gossip messages. For each message it remembers which node incarnations
 * should get it (up at publish time, up for a warm-up before, not the publisher) and which did;
 * once a message has had {@code settleNanos} to spread, it counts delivered / expected among the
 * incarnations still up (a node stopped meanwhile cannot receive). A fixed ring of recent messages:
 * nothing grows with the run's length.
 */
final class GossipLedger {
  private static final class Slot {
    long seq = -1;
    long publishedNanos;
    int[] expected; // incarnation per node, 0: not expected
    final BitSet got = new BitSet();
    boolean settled = true;
  }

  private final Slot[] ring;
  private final long settleNanos;
  private long nextSeq;
  private long published;
  private long settledMessages;
  private long fullyDelivered;
  private long expectedTotal;
  private long deliveredTotal;
  private long overwritten;

  GossipLedger(int ringSize, long settleNanos) {
    ring = new Slot[ringSize];
    for (int i = 0; i < ringSize; i++) {
      ring[i] = new Slot();
    }
    this.settleNanos = settleNanos;
  }

  /** Registers a message about to be published; returns its sequence number. */
  synchronized long publish(int[] expectedIncarnations) {
    long seq = nextSeq++;
    Slot s = ring[(int) (seq % ring.length)];
    if (!s.settled) {
      overwritten++;
    }
    s.seq = seq;
    s.publishedNanos = System.nanoTime();
    s.expected = expectedIncarnations;
    s.got.clear();
    s.settled = false;
    published++;
    return seq;
  }

  /** Node {@code index} in its incarnation {@code incarnation} received message {@code seq}. */
  synchronized void delivered(int index, int incarnation, long seq) {
    Slot s = ring[(int) (Math.floorMod(seq, (long) ring.length))];
    if (s.seq == seq && !s.settled && s.expected[index] == incarnation) {
      s.got.set(index);
    }
  }

  /** Settles the messages old enough; {@code current[i]} is node i's incarnation now (0: down). */
  synchronized void settle(int[] current) {
    long now = System.nanoTime();
    for (Slot s : ring) {
      if (s.settled || now - s.publishedNanos < settleNanos) {
        continue;
      }
      s.settled = true;
      int expected = 0;
      int delivered = 0;
      for (int i = 0; i < s.expected.length; i++) {
        if (s.expected[i] != 0 && s.expected[i] == current[i]) {
          expected++;
          if (s.got.get(i)) {
            delivered++;
          }
        }
      }
      settledMessages++;
      expectedTotal += expected;
      deliveredTotal += delivered;
      if (delivered == expected) {
        fullyDelivered++;
      }
    }
  }

  synchronized Counts counts() {
    return new Counts(
        published, settledMessages, fullyDelivered, expectedTotal, deliveredTotal, overwritten);
  }

  /** Cumulative figures; ratio = delivered / expected over the settled messages. */
  record Counts(
      long published,
      long settled,
      long fullyDelivered,
      long expected,
      long delivered,
      long overwritten) {
    double ratio() {
      return expected == 0 ? 1.0 : delivered / (double) expected;
    }
  }
}
