package org.subnetp2p.core.protocol;

import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;

/**
 * The base of every protocol a subnet defines: it owns a protocol id on a host and serves the
 * inbound streams of that protocol.
 *
 * <p>Most protocols extend {@link ProtobufRequestResponseProtocolTemplate} instead, which adds the
 * request/response exchange; extend this class directly for another stream discipline.
 *
 * <h2>Creating a protocol: {@link #serve}</h2>
 *
 * <p>A protocol is a subclass whose constructor takes a {@link Setup} and passes it to {@code
 * super(...)}; {@link #serve(Host, Function)} builds it and registers it on the host, and returns
 * it live:
 *
 * <pre>{@code
 * public final class TaskProtocol extends ProtobufRequestResponseProtocolTemplate<...> {
 *   public static TaskProtocol serve(Host host) {
 *     return serve(host, TaskProtocol::new);
 *   }
 *
 *   private TaskProtocol(Setup setup) {
 *     super(setup, PROTOCOL_ID, TaskRequest.parser(), TaskResponse.parser(), LOG);
 *   }
 *   ...
 * }
 *
 * TaskProtocol tasks = TaskProtocol.serve(host); // serving, and ready to call
 * }</pre>
 *
 * <p>Why not register from the constructor, as the Python template's {@code __init__} does? Python
 * runs a handler only once {@code __init__} has returned (one event loop thread), so a request
 * cannot meet a half-built object. In Java, inbound streams are served on other threads the moment
 * a handler is registered, while the subclass constructor may still be assigning the fields its
 * {@code handleRequest} reads: a request could run against {@code null}s, or worse against defaults
 * that look valid, and answer wrongly. Java has no hook that runs after the last subclass
 * constructor, so a base constructor cannot know when the object is ready: only stack inspection or
 * a timer could guess, and both are guesses. {@code serve} removes the guess: it registers the
 * handler after the whole constructor chain has returned, so no request ever reaches a partly
 * constructed protocol, and the registration's happens-before edge (the host's handler map)
 * publishes every field, final or not, to the threads that serve requests. Because a {@link Setup}
 * comes only from {@code serve}, a protocol cannot be constructed without being registered:
 * forgetting to register does not compile.
 *
 * @param <Req> the request type callers send
 * @param <Resp> the response type callers receive
 */
public abstract class ProtocolBase<Req, Resp> implements AutoCloseable {

  /**
   * What {@link #serve} hands a protocol's constructor, to be passed on to {@code super(...)}: the
   * host the protocol is being built for. Only {@code serve} creates one, and it builds exactly one
   * protocol.
   */
  public static final class Setup {
    private final Host host;
    private boolean claimed; // guarded by this

    private Setup(Host host) {
      this.host = host;
    }

    /** The host the protocol is being built for, e.g. to read its peer id in a constructor. */
    public Host host() {
      return host;
    }

    private synchronized void claim() {
      if (claimed) {
        throw new IllegalStateException(
            "this Setup already built a protocol: each ProtocolBase.serve(...) builds exactly one");
      }
      claimed = true;
    }
  }

  /** The logger given by the subclass, named after the protocol. */
  protected final Logger log;

  private final Setup setup;
  private final Host host;
  private final String protocolId;

  /**
   * Builds a protocol with {@code constructor} and registers it on {@code host}; inbound streams of
   * its protocol id are served from the moment this returns. A handler already registered for the
   * same id is replaced.
   *
   * @param constructor the protocol's constructor (e.g. {@code TaskProtocol::new}), or a lambda
   *     that passes further arguments to it; it must pass the {@link Setup} it receives to {@code
   *     super(...)}
   * @return the protocol, live
   * @throws IllegalArgumentException if {@code constructor} returns a protocol that was not built
   *     from the setup it was given
   */
  public static <P extends ProtocolBase<?, ?>> P serve(
      Host host, Function<? super Setup, ? extends P> constructor) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(constructor, "constructor");
    Setup setup = new Setup(host);
    P protocol = constructor.apply(setup);
    ProtocolBase<?, ?> built = protocol;
    if (built == null || built.setup != setup) {
      throw new IllegalArgumentException(
          "the constructor given to serve(...) must return the protocol it built from its Setup");
    }
    // The whole constructor chain has returned: the protocol is safe to run on any thread now.
    host.setStreamHandler(built.protocolId, built::serveStream);
    return protocol;
  }

  /**
   * Takes the protocol's identity; {@link #serve} registers it once every constructor has returned.
   *
   * @param setup what {@link #serve} passed to the subclass constructor
   * @param protocolId the protocol id negotiated on each stream, e.g. {@code
   *     /subnet/task_protocol/1.0.0}
   * @param log the protocol's logger
   */
  protected ProtocolBase(Setup setup, String protocolId, Logger log) {
    Objects.requireNonNull(setup, "setup").claim();
    this.setup = setup;
    this.host = setup.host;
    this.protocolId = requireValidProtocolId(protocolId);
    this.log = Objects.requireNonNull(log, "log");
  }

  private static String requireValidProtocolId(String protocolId) {
    Objects.requireNonNull(protocolId, "protocolId");
    if (!protocolId.startsWith("/") || protocolId.contains("\n") || protocolId.length() > 1024) {
      throw new IllegalArgumentException(
          "a protocol id starts with '/', has no newline and is shorter than 1024 characters: \""
              + protocolId
              + "\"");
    }
    return protocolId;
  }

  /** The protocol id, e.g. {@code /subnet/task_protocol/1.0.0}. */
  public final String protocolId() {
    return protocolId;
  }

  /** The host this protocol is registered on. */
  public final Host host() {
    return host;
  }

  /**
   * Serves one inbound stream of this protocol, on its own virtual thread. Called only after {@link
   * #serve} has returned the fully constructed protocol.
   */
  protected abstract void serveStream(Stream stream) throws Exception;

  /** Stops serving inbound streams; calls and requests already in flight finish. */
  @Override
  public void close() {
    host.removeStreamHandler(protocolId);
  }
}
