package org.subnetp2p.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's js-libp2p peer ({@code interop/js-peer}) in a container on a {@link TestNetwork}.
 * It is driven as its README describes: JSON-line commands on stdin (through a Docker attach), one
 * JSON answer per command on stdout, the first line a ready event with its addresses.
 */
final class JsPeerContainer extends PeerContainer<JsPeerContainer> {
  static final int PORT = 4001;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);

  private final StdinFeed stdin = new StdinFeed();
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  JsPeerContainer(String image, TestNetwork network, String alias) {
    super(image, network, alias, STARTUP_DEADLINE);
    withCommand("--listen", "/ip4/0.0.0.0/tcp/" + PORT);
    // Keep stdin open with nothing attached yet: the peer stops at EOF on stdin.
    withCreateContainerCmdModifier(cmd -> cmd.withStdinOpen(true).withStdInOnce(false));
  }

  @Override
  protected boolean isReady() {
    return ready.isDone();
  }

  @Override
  protected String readiness() {
    return "its ready event";
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse containerInfo) {
    getDockerClient()
        .attachContainerCmd(getContainerId())
        .withStdIn(stdin)
        .withFollowStream(true)
        .exec(new ResultCallback.Adapter<Frame>());
  }

  String peerId() {
    return ready.join().get("peerId").asText();
  }

  /** The address the peer announced on the test network's IP. */
  String address() {
    String ip = ipOnTestNetwork();
    for (JsonNode addr : ready.join().get("addrs")) {
      if (addr.asText().startsWith("/ip4/" + ip + "/tcp/" + PORT + "/")) {
        return addr.asText();
      }
    }
    throw new IllegalStateException(
        alias() + " announced no address on " + ip + ": " + ready.join());
  }

  /** The js peer connects to {@code addr}; the answer names the peer and the connection. */
  JsonNode dial(String addr, Duration deadline) throws IOException {
    return command("dial", deadline, Map.of("addr", addr));
  }

  /**
   * The js peer calls {@code /subnet/task_protocol/1.0.0} at {@code addr} and returns the result.
   *
   * @throws IOException with the peer's error when the call fails
   */
  String call(String addr, String taskId, String payload, Duration deadline) throws IOException {
    JsonNode answer =
        command(
            "call",
            deadline,
            Map.of(
                "addr",
                addr,
                "taskId",
                taskId,
                "payloadB64",
                Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))));
    if (!answer.path("accepted").asBoolean()) {
      throw new IOException("task not accepted: " + answer.path("error").asText());
    }
    return new String(
        Base64.getDecoder().decode(answer.path("resultB64").asText()), StandardCharsets.UTF_8);
  }

  /** Sends one command; its own {@code timeoutMs} bounds it, and so does ours, a little later. */
  JsonNode command(String cmd, Duration deadline, Map<String, Object> fields) throws IOException {
    long id = nextId.getAndIncrement();
    ObjectNode request = JSON.createObjectNode().put("id", id).put("cmd", cmd);
    fields.forEach((name, value) -> request.set(name, JSON.valueToTree(value)));
    request.put("timeoutMs", deadline.toMillis());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    stdin.send((request + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      JsonNode result = answer.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      if (!result.path("ok").asBoolean()) {
        throw new IOException(cmd + " failed: " + result.path("error").asText());
      }
      return result;
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException("js peer did not answer " + request + "\n" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pending.remove(id);
    }
  }

  @Override
  public void stop() {
    stdin.close();
    super.stop();
  }

  @Override
  protected void onStdout(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      return; // not JSON: only in the log
    }
    if ("ready".equals(node.path("event").asText())) {
      ready.complete(node);
    } else if (node.hasNonNull("id")) {
      CompletableFuture<JsonNode> answer = pending.get(node.get("id").asLong());
      if (answer != null) {
        answer.complete(node);
      }
    }
  }
}
