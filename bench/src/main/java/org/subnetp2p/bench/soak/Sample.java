package org.subnetp2p.bench.soak;

import java.util.Locale;

/** One sample of the soak: the process's resources and the cumulative outcomes so far. */
record Sample(
    String time,
    long elapsedSeconds,
    long heapUsedAfterGcBytes,
    long openFds,
    int threads,
    int nodesUp,
    int connections,
    Ledger.Counts calls,
    Ledger.Counts lookups,
    Ledger.Counts publishes,
    GossipLedger.Counts gossip,
    double gossipWindowRatio,
    long churnEvents) {

  static final String CSV_HEADER =
      "time,elapsed_s,heap_used_after_gc_bytes,open_fds,threads,nodes_up,connections,"
          + "calls_started,calls_ok,calls_refused,calls_typed_error,calls_other_error,calls_lost,"
          + "calls_late,calls_skipped,calls_in_flight,lookups_started,lookups_found,"
          + "lookups_not_found,lookups_typed_error,lookups_other_error,lookups_lost,"
          + "publishes_ok,publishes_error,publishes_lost,gossip_published,gossip_settled,"
          + "gossip_fully_delivered,gossip_expected,gossip_delivered,gossip_ratio,"
          + "gossip_window_ratio,churn_events";

  String csv() {
    return String.join(
        ",",
        time,
        Long.toString(elapsedSeconds),
        Long.toString(heapUsedAfterGcBytes),
        Long.toString(openFds),
        Integer.toString(threads),
        Integer.toString(nodesUp),
        Integer.toString(connections),
        Long.toString(calls.started()),
        Long.toString(calls.ok()),
        Long.toString(calls.negative()),
        Long.toString(calls.typed()),
        Long.toString(calls.untyped()),
        Long.toString(calls.lost()),
        Long.toString(calls.late()),
        Long.toString(calls.skipped()),
        Integer.toString(calls.inFlight()),
        Long.toString(lookups.started()),
        Long.toString(lookups.ok()),
        Long.toString(lookups.negative()),
        Long.toString(lookups.typed()),
        Long.toString(lookups.untyped()),
        Long.toString(lookups.lost()),
        Long.toString(publishes.ok()),
        Long.toString(publishes.typed() + publishes.untyped()),
        Long.toString(publishes.lost()),
        Long.toString(gossip.published()),
        Long.toString(gossip.settled()),
        Long.toString(gossip.fullyDelivered()),
        Long.toString(gossip.expected()),
        Long.toString(gossip.delivered()),
        String.format(Locale.ROOT, "%.5f", gossip.ratio()),
        String.format(Locale.ROOT, "%.5f", gossipWindowRatio),
        Long.toString(churnEvents));
  }

  String line() {
    return String.format(
        Locale.ROOT,
        "%s t=%4ds heap=%6.1fMiB fds=%4d threads=%4d up=%3d conns=%4d | calls ok=%d typed=%d"
            + " other=%d LOST=%d late=%d skipped=%d inflight=%d | lookups found=%d/%d lost=%d"
            + " | gossip %.4f (window %.4f, %d msgs) | churn=%d",
        time,
        elapsedSeconds,
        heapUsedAfterGcBytes / 1048576.0,
        openFds,
        threads,
        nodesUp,
        connections,
        calls.ok(),
        calls.typed(),
        calls.untyped(),
        calls.lost(),
        calls.late(),
        calls.skipped(),
        calls.inFlight(),
        lookups.ok(),
        lookups.started(),
        lookups.lost(),
        gossip.ratio(),
        gossipWindowRatio,
        gossip.settled(),
        churnEvents);
  }
}
