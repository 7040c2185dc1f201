package org.subnetp2p.core.protocol;

/**
 * The names and labels of the meters the request/response template records in its host's registry,
 * for code that reads them back (an admin page, a test). Micrometer names: the Prometheus registry
 * renders {@code subnet.protocol.call.duration} as {@code subnet_protocol_call_duration_seconds}.
 */
public final class ProtocolMeterNames {
  /**
   * Outbound calls' latency histogram, dial included; labels {@link #PROTOCOL}, {@link #OUTCOME}.
   */
  public static final String CALL_DURATION = "subnet.protocol.call.duration";

  /** Inbound requests' latency histogram; labels {@link #PROTOCOL}, {@link #OUTCOME}. */
  public static final String INBOUND_DURATION = "subnet.protocol.inbound.duration";

  /** Inbound requests that waited for a slot; label {@link #PROTOCOL}. */
  public static final String INBOUND_WAITED = "subnet.protocol.inbound.waited";

  /** Gauge of the inbound requests being served; label {@link #PROTOCOL}. */
  public static final String INBOUND_ACTIVE = "subnet.protocol.inbound.active";

  /** Gauge of the inbound requests waiting for a slot; label {@link #PROTOCOL}. */
  public static final String INBOUND_QUEUED = "subnet.protocol.inbound.queued";

  /** The label holding the protocol id. */
  public static final String PROTOCOL = "protocol";

  /**
   * The label holding the outcome: a {@link CallOutcome#label()} or an {@link
   * InboundOutcome#label()}.
   */
  public static final String OUTCOME = "outcome";

  private ProtocolMeterNames() {}
}
