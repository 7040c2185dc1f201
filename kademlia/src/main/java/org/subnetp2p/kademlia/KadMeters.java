package org.subnetp2p.kademlia;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.LongAdder;
import org.subnetp2p.core.host.Meters;
import org.subnetp2p.kademlia.routing.RoutingTable;
import org.subnetp2p.kademlia.rpc.KadCounters;

/**
 * The DHT's meters in its host's registry: lookups by outcome with their latency and rounds, the
 * routing table's size, and the request counters the client and server keep.
 */
final class KadMeters {
  private final Timer found;
  private final Timer notFound;
  private final Timer done;
  private final Timer timedOut;
  private final DistributionSummary rounds;

  KadMeters(MeterRegistry registry, RoutingTable table, KadCounters counters) {
    found = lookup(registry, "found");
    notFound = lookup(registry, "not_found");
    done = lookup(registry, "done");
    timedOut = lookup(registry, "timeout");
    rounds =
        DistributionSummary.builder("subnet.dht.lookup.rounds")
            .description("Rounds (waves of alpha requests) per lookup.")
            .serviceLevelObjectives(1, 2, 3, 4, 6, 8, 12, 16)
            .register(registry);
    Gauge.builder("subnet.dht.routing.table.peers", table, RoutingTable::size)
        .description("Peers in the DHT's routing table.")
        .register(registry);
    requests(registry, "sent", counters.requestsSent);
    requests(registry, "failed", counters.requestsFailed);
    requests(registry, "bad_answer", counters.badAnswers);
    inbound(registry, "answered", counters.inboundAnswered);
    inbound(registry, "over_limit", counters.inboundOverLimit);
    inbound(registry, "rate_limited", counters.inboundRateLimited);
    inbound(registry, "rejected", counters.inboundRejected);
  }

  private static Timer lookup(MeterRegistry registry, String outcome) {
    return Timer.builder("subnet.dht.lookup.duration")
        .description(
            "Lookups by outcome (found, not_found: a peer lookup; done: a closest-peers lookup;"
                + " timeout) and their latency.")
        .tag("outcome", outcome)
        .serviceLevelObjectives(Meters.latencyBuckets())
        .register(registry);
  }

  private static void requests(MeterRegistry registry, String outcome, LongAdder n) {
    FunctionCounter.builder("subnet.dht.requests", n, LongAdder::sum)
        .description("DHT requests sent to peers, by outcome.")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static void inbound(MeterRegistry registry, String outcome, LongAdder n) {
    FunctionCounter.builder("subnet.dht.inbound", n, LongAdder::sum)
        .description("DHT requests from peers, by outcome.")
        .tag("outcome", outcome)
        .register(registry);
  }

  void lookupEnded(LookupResult r, boolean peerLookup) {
    Timer t =
        r.timedOut()
            ? timedOut
            : !peerLookup ? done : r.targetAddresses().isEmpty() ? notFound : found;
    t.record(r.elapsed());
    rounds.record(r.rounds());
  }
}
