package org.subnetp2p.node.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskProtocolProvider;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node call}: calls the task protocol of one peer from a short-lived node (a fresh
 * identity unless {@code --identity} names one, not listening) and prints the response as {@code
 * accepted=<true|false> result=<result as UTF-8>}, followed by {@code error=<reason>} when the peer
 * gave one. The peer is a multiaddr ending in {@code /p2p/<id>}, or a bare peer id resolved through
 * the discoveries of {@code --discovery} after joining through {@code --bootstrap}.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Call the task protocol of <target> and print the response on stdout:",
      "  accepted=<true|false> result=<result as UTF-8>[ error=<reason>]",
      "<target> is a multiaddr ending in /p2p/<peer id>, or a bare peer id that the node resolves"
          + " through --discovery after joining through --bootstrap.",
      "On failure prints one line on stderr and exits 3 (2 for bad input)."
    })
final class CallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<target>",
      description = "The peer: a multiaddr ending in /p2p/<peer id>, or a bare peer id.")
  String target;

  @Option(names = "--task-id", required = true, paramLabel = "<id>", description = "Task id.")
  String taskId;

  @Option(
      names = "--payload",
      required = true,
      paramLabel = "<text>",
      description = "Payload, sent as UTF-8.")
  String payload;

  @Option(
      names = "--identity",
      paramLabel = "<file>",
      description =
          "Call as the peer in this identity key file (e.g. one registered on-chain, for a subnet"
              + " that admits only those); default: a fresh identity.")
  Path identity;

  @Option(
      names = "--bootstrap",
      paramLabel = "<multiaddr>",
      description = "Peer to join through before resolving a bare peer id; repeatable.")
  List<String> bootstrap;

  @Option(
      names = "--discovery",
      paramLabel = "<names>",
      description =
          "Discovery providers that resolve a bare peer id, comma-separated, from dht, gossip,"
              + " chain (default for a bare peer id: dht,gossip; for a multiaddr: none).")
  String discovery;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "<duration>",
      description =
          "Deadline for the whole call: join, resolve, dial, negotiate, send, receive (default:"
              + " 30s).")
  String timeout;

  @Mixin ChainOptions chain;

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.configure();
    Duration limit = ConfigLoader.parseDuration("--timeout", timeout);
    Instant deadline = Instant.now().plus(limit);
    boolean byId = !target.trim().startsWith("/");
    Multiaddr destination = byId ? null : ConfigLoader.parseMultiaddr("<target>", target, true);
    PeerId peer = byId ? FindPeerCommand.parsePeerId("<target>", target) : null;
    Object named = byId ? peer : destination;
    Map<String, String> settings =
        Map.of("protocol.task." + TaskProtocolProvider.CALL_TIMEOUT, Durations.format(limit));
    PrivateKey key = identity == null ? Keys.generateEd25519() : KeyFiles.read(identity);
    try (TransientNode node =
        TransientNode.start(
            key,
            bootstrap,
            discovery == null && byId ? TransientNode.DEFAULT_DISCOVERY : discovery,
            List.of(TaskProtocolProvider.NAME),
            settings,
            chain,
            limit)) {
      TaskProtocol tasks = node.node().protocol(TaskProtocol.class);
      CompletableFuture<TaskResponse> call;
      if (byId) {
        node.awaitBootstrap(deadline);
        call =
            tasks.callRemote(
                peer,
                TaskRequest.newBuilder()
                    .setTaskId(taskId)
                    .setPayload(ByteString.copyFromUtf8(payload))
                    .build());
      } else {
        call = tasks.callRemote(destination, taskId, ByteString.copyFromUtf8(payload));
      }
      // The call enforces the deadline itself, counted from callRemote; this only guards against
      // a stuck future, so it must not run out first: counted from the same moment, a second
      // later. (Counted from the start of the command, it fired first whenever starting the node
      // took over a second, as on a loaded machine, with the wrong message.)
      TaskResponse response = call.get(limit.toMillis() + 1000, TimeUnit.MILLISECONDS);
      PrintWriter out = spec.commandLine().getOut();
      out.println(format(response));
      out.flush();
      return ExitCodes.OK;
    } catch (ExecutionException | IOException e) {
      throw new CliException(ExitCodes.NETWORK, CallFailures.describe(e, named));
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.NETWORK, "call to " + named + " timed out after " + Durations.format(limit));
    }
  }

  static String format(TaskResponse response) {
    String line =
        "accepted=" + response.getAccepted() + " result=" + response.getResult().toStringUtf8();
    return response.getError().isEmpty() ? line : line + " error=" + response.getError();
  }
}
