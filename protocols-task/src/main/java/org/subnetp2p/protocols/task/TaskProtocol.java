package org.subnetp2p.protocols.task;

import com.google.protobuf.ByteString;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.IncomingRequestContext;
import org.subnetp2p.core.protocol.InvalidCallException;
import org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * The worked example of a custom protocol: a peer asks another to run a task on a payload and gets
 * the result back. Wire-compatible with the Python subnet template's {@code TaskProtocol}.
 *
 * <pre>{@code
 * TaskProtocol tasks = TaskProtocol.serve(host);
 * TaskResponse r = tasks.callRemote(peerAddress, "score-batch-001", ByteString.copyFromUtf8("...")).get();
 * }</pre>
 */
public final class TaskProtocol
    extends ProtobufRequestResponseProtocolTemplate<TaskRequest, TaskResponse> {
  /** The protocol id negotiated on each stream. */
  public static final String PROTOCOL_ID = "/subnet/task_protocol/1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger("task_protocol/1.0.0");

  private final TaskRunner runner;

  private TaskProtocol(Setup setup, TaskRunner runner, RequestResponseOptions options) {
    super(setup, PROTOCOL_ID, TaskRequest.parser(), TaskResponse.parser(), LOG, options);
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** Serves tasks on {@code host} with the seed's example runner, which upper-cases the payload. */
  public static TaskProtocol serve(Host host) {
    return serve(host, TaskRunner.UPPER_CASE, RequestResponseOptions.DEFAULTS);
  }

  /** Serves tasks on {@code host} with {@code runner}, within {@code options}. */
  public static TaskProtocol serve(Host host, TaskRunner runner, RequestResponseOptions options) {
    return serve(host, setup -> new TaskProtocol(setup, runner, options));
  }

  /**
   * Asks the peer at {@code target} (ending in {@code /p2p/<id>}) to run a task. Failures arrive
   * through the future, as for {@link #callRemote(Multiaddr, com.google.protobuf.MessageLite)}.
   */
  public CompletableFuture<TaskResponse> callRemote(
      Multiaddr target, String taskId, ByteString payload) {
    return taskId == null || payload == null
        ? invalid()
        : callRemote(target, request(taskId, payload));
  }

  /** Asks {@code target}, found by its peer id, to run a task. */
  public CompletableFuture<TaskResponse> callRemote(
      PeerId target, String taskId, ByteString payload) {
    return taskId == null || payload == null
        ? invalid()
        : callRemote(target, request(taskId, payload));
  }

  private static TaskRequest request(String taskId, ByteString payload) {
    return TaskRequest.newBuilder().setTaskId(taskId).setPayload(payload).build();
  }

  private static CompletableFuture<TaskResponse> invalid() {
    return CompletableFuture.failedFuture(
        new InvalidCallException("a task needs a task id and a payload, not null"));
  }

  @Override
  protected TaskResponse handleRequest(IncomingRequestContext context, TaskRequest request) {
    // DEBUG: one line per request at INFO would cost a busy node its throughput and flood its log.
    LOG.debug("Received task {} from {}", request.getTaskId(), context.peerId());
    try {
      byte[] result = runner.run(request.getTaskId(), request.getPayload().toByteArray());
      return TaskResponse.newBuilder()
          .setAccepted(true)
          .setResult(ByteString.copyFrom(result))
          .build();
    } catch (Exception e) {
      LOG.debug("task {} from {} failed: {}", request.getTaskId(), context.peerId(), e.toString());
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      return TaskResponse.newBuilder().setAccepted(false).setError(reason).build();
    }
  }
}
