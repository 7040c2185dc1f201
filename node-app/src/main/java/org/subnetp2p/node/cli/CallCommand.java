package org.subnetp2p.node.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Durations;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskProtocolProvider;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node call}: calls the task protocol of one peer from a short-lived node (a fresh
 * identity unless {@code --identity} names one, not listening) and prints the response as {@code
 * accepted=<true|false> result=<result as UTF-8>}, followed by {@code error=<reason>} when the peer
 * gave one.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Call the task protocol of the peer at <multiaddr> and print the response on stdout:",
      "  accepted=<true|false> result=<result as UTF-8>[ error=<reason>]",
      "On failure prints one line on stderr and exits 3 (2 for bad input)."
    })
final class CallCommand implements Callable<Integer> {
  /** Closing a dial-only node is quick; this only caps a stuck one. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(2);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<multiaddr>",
      description = "The peer, ending in /p2p/<peer id>.")
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
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "<duration>",
      description = "Deadline for the whole call: dial, negotiate, send, receive (default: 30s).")
  String timeout;

  @Option(
      names = "--log-level",
      defaultValue = "warn",
      paramLabel = "<level>",
      description = "error, warn, info, debug or trace (default: warn).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    Logging.configure(ConfigLoader.parseLogLevel("--log-level", logLevel));
    Duration deadline = Durations.parse("--timeout", timeout);
    Multiaddr destination = ConfigLoader.parseMultiaddr("<multiaddr>", target, true);
    NodeConfig config =
        NodeConfig.builder()
            .listen(List.of())
            .protocols(List.of(TaskProtocolProvider.NAME))
            .providerSettings(
                Map.of(
                    "protocol.task." + TaskProtocolProvider.CALL_TIMEOUT,
                    Durations.format(deadline)))
            .build();
    PrivateKey key = identity == null ? Keys.generateEd25519() : KeyFiles.read(identity);
    Node node = Node.create(config, key);
    try {
      node.start();
      TaskResponse response =
          node.protocol(TaskProtocol.class)
              .callRemote(destination, taskId, ByteString.copyFromUtf8(payload))
              // the call enforces the deadline itself; this only guards against a stuck future
              .get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
      PrintWriter out = spec.commandLine().getOut();
      out.println(format(response));
      out.flush();
      return ExitCodes.OK;
    } catch (ExecutionException | IOException e) {
      throw new CliException(ExitCodes.NETWORK, CallFailures.describe(e, destination));
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.NETWORK,
          "call to " + destination + " timed out after " + Durations.format(deadline));
    } finally {
      Closer.closeWithin(node, CLOSE_LIMIT);
    }
  }

  static String format(TaskResponse response) {
    String line =
        "accepted=" + response.getAccepted() + " result=" + response.getResult().toStringUtf8();
    return response.getError().isEmpty() ? line : line + " error=" + response.getError();
  }
}
