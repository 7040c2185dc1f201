package org.subnetp2p.protocols.task;

import com.google.protobuf.ByteString;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.IncomingRequestContext;
import org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/**
 * The worked example of a custom protocol: a peer asks another to run a task on a payload and gets
 * the result back. Wire-compatible with the Python subnet template's {@code TaskProtocol}.
 */
public final class TaskProtocol
    extends ProtobufRequestResponseProtocolTemplate<TaskRequest, TaskResponse> {
  /** The protocol id negotiated on each stream. */
  public static final String PROTOCOL_ID = "/subnet/task_protocol/1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger("task_protocol/1.0.0");

  private final TaskRunner runner;

  /** Serves tasks with the seed's example runner, which upper-cases the payload. */
  public TaskProtocol(Host host) {
    this(host, TaskRunner.UPPER_CASE, RequestResponseOptions.DEFAULTS);
  }

  /** Serves tasks with {@code runner}, within {@code options}. */
  public TaskProtocol(Host host, TaskRunner runner, RequestResponseOptions options) {
    super(host, PROTOCOL_ID, TaskRequest.parser(), TaskResponse.parser(), LOG, options);
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** Asks the peer at {@code destination} (ending in {@code /p2p/<id>}) to run a task. */
  public CompletableFuture<TaskResponse> callRemote(
      Multiaddr destination, String taskId, byte[] payload) {
    return callRemote(destination, request(taskId, payload));
  }

  /** Like {@link #callRemote(Multiaddr, String, byte[])}, parsing {@code destination}. */
  public CompletableFuture<TaskResponse> callRemote(
      String destination, String taskId, byte[] payload) {
    return callRemote(destination, request(taskId, payload));
  }

  private static TaskRequest request(String taskId, byte[] payload) {
    return TaskRequest.newBuilder()
        .setTaskId(taskId)
        .setPayload(ByteString.copyFrom(payload))
        .build();
  }

  @Override
  protected TaskResponse handleRequest(IncomingRequestContext context, TaskRequest request) {
    LOG.info("Received task {} from {}", request.getTaskId(), context.peerId());
    try {
      byte[] result = runner.run(request.getTaskId(), request.getPayload().toByteArray());
      return TaskResponse.newBuilder()
          .setAccepted(true)
          .setResult(ByteString.copyFrom(result))
          .build();
    } catch (Exception e) {
      LOG.warn("task {} from {} failed: {}", request.getTaskId(), context.peerId(), e.toString());
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      return TaskResponse.newBuilder().setAccepted(false).setError(reason).build();
    }
  }
}
