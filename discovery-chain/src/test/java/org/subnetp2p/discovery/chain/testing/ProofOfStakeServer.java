package org.subnetp2p.discovery.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a Hypertensor node's Substrate JSON-RPC, serving the one method the {@code pos}
 * gater calls, {@code network_proofOfStake}, as Hypertensor's runtime API declares it ({@code
 * proof_of_stake(subnet_id: u32, peer_id: Vec<u8>, min_class, at: Option<BlockHash>) ->
 * RpcResult<bool>}) and subnet-template calls it (params {@code [subnet_id, peer_id as a list of
 * byte values of its base58 text, min_class]}). A real Hypertensor node cannot run here. Params of
 * the wrong shape get JSON-RPC error -32602, as jsonrpsee answers; a staked peer is one of {@link
 * #stake}'s with a class at least {@code min_class}.
 */
public final class ProofOfStakeServer implements AutoCloseable {
  /** How it answers. */
  public enum Mode {
    /** As a Hypertensor node would. */
    UP,
    /** A JSON-RPC error for every call (e.g. the runtime call failed). */
    ERROR,
    /** A result that is not a boolean. */
    NOT_A_BOOLEAN
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A call as received: subnet id, the peer id decoded from its bytes, the class asked. */
  public record Call(long subnetId, String peerId, int minClass) {}

  private record Stake(long subnetId, String peerId, int nodeClass) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Stake> stakes = ConcurrentHashMap.newKeySet();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.UP;

  public ProofOfStakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code peerId} holds stake in {@code subnetId} as a node of {@code nodeClass}. */
  public void stake(long subnetId, String peerId, int nodeClass) {
    stakes.add(new Stake(subnetId, peerId, nodeClass));
  }

  /** Withdraws every stake of {@code peerId}. */
  public void unstake(String peerId) {
    stakes.removeIf(s -> s.peerId().equals(peerId));
  }

  public void mode(Mode m) {
    mode = m;
  }

  /** The well-formed calls received so far. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", request.get("id"));
      if (!"network_proofOfStake".equals(request.path("method").asText())) {
        error(answer, -32601, "Method not found");
      } else if (mode == Mode.ERROR) {
        error(answer, -32000, "runtime call failed");
      } else {
        Call call = parse(request.path("params"));
        if (call == null) {
          error(answer, -32602, "Invalid params");
        } else {
          calls.add(call);
          if (mode == Mode.NOT_A_BOOLEAN) {
            answer.put("result", "yes");
          } else {
            answer.put(
                "result",
                stakes.stream()
                    .anyMatch(
                        s ->
                            s.subnetId() == call.subnetId()
                                && s.peerId().equals(call.peerId())
                                && s.nodeClass() >= call.minClass()));
          }
        }
      }
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** {@code [u32, [u8...], u8]} (a fourth param, the block hash, may follow), or null. */
  private static Call parse(JsonNode params) {
    if (!params.isArray() || params.size() < 3 || params.size() > 4) {
      return null;
    }
    JsonNode subnet = params.get(0);
    JsonNode peer = params.get(1);
    JsonNode minClass = params.get(2);
    if (!subnet.canConvertToLong()
        || subnet.asLong() < 0
        || subnet.asLong() > 0xffffffffL
        || !peer.isArray()
        || !minClass.isInt()
        || minClass.asInt() < 0
        || minClass.asInt() > 3) {
      return null;
    }
    byte[] bytes = new byte[peer.size()];
    for (int i = 0; i < bytes.length; i++) {
      JsonNode b = peer.get(i);
      if (!b.isInt() || b.asInt() < 0 || b.asInt() > 255) {
        return null;
      }
      bytes[i] = (byte) b.asInt();
    }
    return new Call(subnet.asLong(), new String(bytes, StandardCharsets.UTF_8), minClass.asInt());
  }

  private static void error(ObjectNode answer, int code, String message) {
    answer.putObject("error").put("code", code).put("message", message);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
