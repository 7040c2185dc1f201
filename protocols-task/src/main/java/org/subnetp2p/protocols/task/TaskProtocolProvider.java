package org.subnetp2p.protocols.task;

import java.util.Set;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.core.protocol.spi.ProtocolProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides {@link TaskProtocol} with the upper-casing example runner as the protocol {@code task}.
 *
 * <p>Settings (config keys {@code protocol.task.<key>}), each defaulting to {@link
 * RequestResponseOptions#DEFAULTS}: {@code call-timeout}, {@code inbound-timeout}, {@code
 * inbound-read-timeout} (durations such as {@code 30s}), {@code max-message-size} (bytes), {@code
 * max-concurrent-inbound}, {@code max-concurrent-inbound-per-peer}, {@code max-queued-inbound} and
 * {@code max-queued-inbound-per-peer}.
 */
public final class TaskProtocolProvider implements ProtocolProvider {
  /** The name configs select this protocol by. */
  public static final String NAME = "task";

  /** Deadline for a whole outbound call. */
  public static final String CALL_TIMEOUT = "call-timeout";

  /** Deadline for a whole inbound request: waiting, reading, handling, answering. */
  public static final String INBOUND_TIMEOUT = "inbound-timeout";

  /** Deadline for reading an inbound request. */
  public static final String INBOUND_READ_TIMEOUT = "inbound-read-timeout";

  /** Largest request or response, in bytes. */
  public static final String MAX_MESSAGE_SIZE = "max-message-size";

  /** Inbound requests served at once across all peers. */
  public static final String MAX_CONCURRENT_INBOUND = "max-concurrent-inbound";

  /** Inbound requests served at once for one peer. */
  public static final String MAX_CONCURRENT_INBOUND_PER_PEER = "max-concurrent-inbound-per-peer";

  /** Inbound requests waiting for a slot across all peers. */
  public static final String MAX_QUEUED_INBOUND = "max-queued-inbound";

  /** Inbound requests of one peer waiting for a slot. */
  public static final String MAX_QUEUED_INBOUND_PER_PEER = "max-queued-inbound-per-peer";

  /** Called by {@link java.util.ServiceLoader}. */
  public TaskProtocolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of(
        CALL_TIMEOUT,
        INBOUND_TIMEOUT,
        INBOUND_READ_TIMEOUT,
        MAX_MESSAGE_SIZE,
        MAX_CONCURRENT_INBOUND,
        MAX_CONCURRENT_INBOUND_PER_PEER,
        MAX_QUEUED_INBOUND,
        MAX_QUEUED_INBOUND_PER_PEER);
  }

  @Override
  public TaskProtocol create(Host host, ProviderContext context) {
    return TaskProtocol.serve(host, TaskRunner.UPPER_CASE, options(context));
  }

  /** The options {@code context}'s settings give, the defaults for those unset. */
  static RequestResponseOptions options(ProviderContext context) {
    RequestResponseOptions d = RequestResponseOptions.DEFAULTS;
    return new RequestResponseOptions(
        context.duration(CALL_TIMEOUT, d.callTimeout()),
        context.duration(INBOUND_TIMEOUT, d.inboundTimeout()),
        context.duration(INBOUND_READ_TIMEOUT, d.inboundReadTimeout()),
        context.positiveInt(MAX_MESSAGE_SIZE, d.maxMessageSize()),
        context.positiveInt(MAX_CONCURRENT_INBOUND, d.maxConcurrentInbound()),
        context.positiveInt(MAX_CONCURRENT_INBOUND_PER_PEER, d.maxConcurrentInboundPerPeer()),
        context.positiveInt(MAX_QUEUED_INBOUND, d.maxQueuedInbound()),
        context.positiveInt(MAX_QUEUED_INBOUND_PER_PEER, d.maxQueuedInboundPerPeer()));
  }
}
