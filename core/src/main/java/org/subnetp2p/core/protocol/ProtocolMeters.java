package org.subnetp2p.core.protocol;

import static org.subnetp2p.core.protocol.ProtocolMeterNames.CALL_DURATION;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.INBOUND_ACTIVE;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.INBOUND_DURATION;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.INBOUND_QUEUED;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.INBOUND_WAITED;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.OUTCOME;
import static org.subnetp2p.core.protocol.ProtocolMeterNames.PROTOCOL;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Meters;

/**
 * The meters of one request/response protocol, labelled with its id, in its host's registry: call
 * and inbound latencies by outcome (histograms), requests that waited for a slot, and the inbound
 * requests being served and waiting. Created once, so recording is a map lookup and an add.
 */
final class ProtocolMeters {

  private final MeterRegistry registry;
  private final Map<CallOutcome, Timer> calls = new EnumMap<>(CallOutcome.class);
  private final Map<InboundOutcome, Timer> inbound = new EnumMap<>(InboundOutcome.class);
  private final Counter inboundWaited;
  private final List<Meter> gauges = new ArrayList<>();

  ProtocolMeters(MeterRegistry registry, String protocolId) {
    this.registry = registry;
    for (CallOutcome o : CallOutcome.values()) {
      calls.put(
          o,
          Timer.builder(CALL_DURATION)
              .description("Outbound calls by outcome and their latency, dial included.")
              .tags(PROTOCOL, protocolId, OUTCOME, o.label())
              .serviceLevelObjectives(Meters.latencyBuckets())
              .register(registry));
    }
    for (InboundOutcome o : InboundOutcome.values()) {
      inbound.put(
          o,
          Timer.builder(INBOUND_DURATION)
              .description(
                  "Inbound requests by outcome and the time from arrival to the end of the answer.")
              .tags(PROTOCOL, protocolId, OUTCOME, o.label())
              .serviceLevelObjectives(Meters.latencyBuckets())
              .register(registry));
    }
    inboundWaited =
        Counter.builder(INBOUND_WAITED)
            .description("Inbound requests that waited for a slot, over the concurrency limits.")
            .tag(PROTOCOL, protocolId)
            .register(registry);
  }

  /** Gauges of {@code scheduler}'s requests being served and waiting (the inbound queue depth). */
  void watch(InboundScheduler scheduler, String protocolId) {
    gauges.add(
        Gauge.builder(INBOUND_ACTIVE, scheduler, InboundScheduler::active)
            .description("Inbound requests being served.")
            .tag(PROTOCOL, protocolId)
            .register(registry));
    gauges.add(
        Gauge.builder(INBOUND_QUEUED, scheduler, InboundScheduler::queued)
            .description("Inbound requests waiting for a slot (the inbound queue depth).")
            .tag(PROTOCOL, protocolId)
            .register(registry));
  }

  void recordCall(CallOutcome outcome, long nanos) {
    Objects.requireNonNull(calls.get(outcome))
        .record(nanos, TimeUnit.NANOSECONDS); // one per outcome
  }

  void recordInbound(InboundOutcome outcome, long nanos) {
    Objects.requireNonNull(inbound.get(outcome)).record(nanos, TimeUnit.NANOSECONDS);
  }

  void recordInboundWait() {
    inboundWaited.increment();
  }

  /** Removes the gauges, which would otherwise report a closed protocol's last state. */
  void close() {
    gauges.forEach(registry::remove);
  }
}
