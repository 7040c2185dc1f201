package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The JSON-lines loop of {@code interop/js-peer}: one ready event, then one answer per command
 * line, {@code {"id":N,"ok":true,...}} or {@code {"id":N,"ok":false,"error":"..."}}. Commands run
 * concurrently on virtual threads. On EOF or {@code shutdown}, commands in flight get a bounded
 * time to finish.
 */
final class JsonLinesController {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long DRAIN_SECONDS = 30;

  private final PeerCommands commands;
  private final PrintStream out;
  private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();

  JsonLinesController(PeerCommands commands) {
    this.commands = commands;
    // stdout carries JSON lines only; everything else (logs) goes to stderr.
    this.out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);
  }

  /** Runs until EOF or shutdown; returns the process exit code. */
  int run(PeerId peerId, List<Multiaddr> addresses) throws IOException, InterruptedException {
    ObjectNode ready =
        JSON.createObjectNode().put("event", "ready").put("peerId", peerId.toString());
    addresses.forEach(a -> ready.withArray("addrs").add(a.toString()));
    emit(ready);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode request;
      try {
        request = JSON.readTree(line);
      } catch (IOException e) {
        emit(JSON.createObjectNode().putNull("id").put("ok", false).put("error", e.getMessage()));
        continue;
      }
      if ("shutdown".equals(request.path("cmd").asText())) {
        drain();
        ObjectNode done = JSON.createObjectNode();
        done.set("id", request.get("id"));
        emit(done.put("ok", true));
        return 0;
      }
      Thread t = Thread.ofVirtual().unstarted(() -> answer(request));
      inFlight.add(t);
      t.start();
    }
    drain();
    return 0;
  }

  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    for (Thread t : inFlight) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
        break;
      }
    }
  }

  private void answer(JsonNode request) {
    ObjectNode answer = JSON.createObjectNode();
    answer.set("id", request.get("id"));
    try {
      ObjectNode fields = commands.run(request.path("cmd").asText(), request);
      answer.put("ok", true).setAll(fields);
    } catch (Exception e) {
      answer.put("ok", false).put("error", String.valueOf(e.getMessage()));
      e.printStackTrace(System.err);
    } finally {
      inFlight.remove(Thread.currentThread());
    }
    emit(answer);
  }

  private void emit(ObjectNode node) {
    synchronized (out) {
      out.println(node.toString());
      out.flush();
    }
  }
}
