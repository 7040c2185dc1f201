package org.subnetp2p.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.ProviderRegistry;
import org.subnetp2p.node.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node run}: runs a node until SIGTERM or Ctrl-C. Once listening it prints each
 * dialable multiaddr, {@code /p2p/<id>} included, one per line on stdout, and nothing else there.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    defaultValueProvider = RunCommand.SettingDefaults.class,
    description = {
      "Run a node until SIGTERM or Ctrl-C. Prints each listen multiaddr, /p2p/<id> included, one"
          + " per line on stdout; logs go to stderr."
    },
    footer = {
      "",
      "Every option is also read from the environment as SUBNET_NODE_<KEY> (upper case, dashes"
          + " as underscores, e.g. SUBNET_NODE_LOG_LEVEL) and from the --config file as"
          + " <key>=<value> (e.g. listen=/ip4/0.0.0.0/tcp/4001; lists comma-separated)."
          + " Precedence: flag > environment > file > default. Provider settings such as"
          + " protocol.task.call-timeout=10s, and the transport's"
          + " transport.netty.security-protocols (default /noise,/pos-transport/1.0.0) and"
          + " transport.netty.muxer-protocols (default /yamux/1.0.0), go in the file or the"
          + " environment. Unknown keys are errors."
    })
final class RunCommand implements Callable<Integer> {
  private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "<multiaddr>",
      description = "Listen address; repeatable (default: /ip4/0.0.0.0/tcp/0).")
  List<String> listen;

  @Option(
      names = "--bootstrap",
      paramLabel = "<multiaddr>",
      description =
          "Peer to dial at start, with /p2p/<id>; repeatable. Failures are logged and retried,"
              + " never fatal.")
  List<String> bootstrap;

  @Option(
      names = "--identity",
      paramLabel = "<file>",
      description =
          "Identity key file, created (mode 0600) on first run and reused after, so the peer id"
              + " survives restarts (default: ./identity.key).")
  String identity;

  @Option(
      names = "--protocols",
      paramLabel = "<names>",
      description = "Protocol providers, comma-separated (default: task).")
  String protocols;

  @Option(
      names = "--discovery",
      paramLabel = "<names>",
      description =
          "Discovery providers, comma-separated, from dht, gossip, chain (default: dht,gossip)."
              + " A listening node serves the DHT (discovery.dht.mode=server) unless told otherwise.")
  String discovery;

  @Option(
      names = "--discovery-interval",
      paramLabel = "<duration>",
      description =
          "Heartbeat period of the gossip discovery, as subnet-template's; also how often"
              + " discovery feeds the address book (default: 20s).")
  String discoveryInterval;

  @Option(
      names = "--gater",
      paramLabel = "<name>",
      description =
          "Admission gater: allow-all, chain (only peers registered for --subnet-id in --registry)"
              + " or pos (Hypertensor's proof of stake on --chain-rpc) (default: allow-all).")
  String gater;

  @Option(names = "--host", paramLabel = "<name>", description = "Host provider (default: netty).")
  String host;

  @Mixin LoggingOptions logging;

  @Option(
      names = "--admin",
      paramLabel = "<host:port>",
      description =
          "Serve /health, /peers and /metrics over HTTP on this loopback address (default: off).")
  String admin;

  @Mixin ChainOptions chain;

  @Option(
      names = "--subscribe",
      paramLabel = "<topic>",
      description =
          "Subscribe to this pubsub topic and print each message received on it to stdout as one"
              + " JSON line: {\"topic\":\"T\",\"from\":\"<peer id>\",\"data\":\"<payload as"
              + " UTF-8>\"}; repeatable.")
  List<String> subscribe;

  @Option(
      names = "--pubsub",
      paramLabel = "<name>",
      description =
          "Pubsub provider, started even without --subscribe (default: gossipsub, started when a"
              + " topic or a discovery needs it).")
  String pubsub;

  @Option(
      names = "--config",
      paramLabel = "<file>",
      description = "Properties file of settings, keyed by the long option names.")
  String config;

  @Override
  public Integer call() throws Exception {
    ConfigLoader loader = new ConfigLoader(flags(), System.getenv());
    logging.configure(loader.logLevel());
    ProviderRegistry registry = ProviderRegistry.load();
    NodeConfig nodeConfig = loader.load(registry);
    PrivateKey key = KeyFiles.loadOrCreate(nodeConfig.identity());
    Node node = Node.create(nodeConfig, key, registry);
    try {
      node.start(); // closes the node itself if it fails
    } catch (IOException e) {
      throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
    }
    // Before the addresses go out: whoever reads them may stop us at once.
    exitCleanlyOnSignal(node);
    PrintWriter out = spec.commandLine().getOut();
    // Subscribed before the addresses go out too, so a publisher that reads them finds us.
    MessageLines.subscribeAll(node, nodeConfig.subscribe(), out);
    for (Multiaddr address : node.host().dialableAddresses()) {
      out.println(address);
    }
    out.flush();
    new CountDownLatch(1).await(); // until the shutdown hook ends the process
    return ExitCodes.OK;
  }

  /** The flags given, by config key; repeated flags joined with commas as in the file. */
  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    putList(flags, Setting.LISTEN, listen);
    putList(flags, Setting.BOOTSTRAP, bootstrap);
    put(flags, Setting.IDENTITY, identity);
    put(flags, Setting.PROTOCOLS, protocols);
    put(flags, Setting.DISCOVERY, discovery);
    put(flags, Setting.DISCOVERY_INTERVAL, discoveryInterval);
    put(flags, Setting.GATER, gater);
    put(flags, Setting.HOST, host);
    // Only when given: else the environment, the file or the setting's default decides.
    put(flags, Setting.LOG_LEVEL, given("--log-level") ? logging.level : null);
    put(flags, Setting.ADMIN, admin);
    chain.putInto(flags);
    putList(flags, Setting.SUBSCRIBE, subscribe);
    put(flags, Setting.PUBSUB, pubsub);
    put(flags, Setting.CONFIG, config);
    return flags;
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static void put(Map<String, String> flags, Setting s, String value) {
    if (value != null) {
      flags.put(s.key(), value);
    }
  }

  private static void putList(Map<String, String> flags, Setting s, List<String> values) {
    if (values != null) {
      flags.put(s.key(), String.join(",", values));
    }
  }

  /**
   * Closes the node on SIGTERM or Ctrl-C. The JVM would then exit with 128 + the signal number; a
   * stop that was asked for and went well is a success for service managers, so the hook ends the
   * process itself with 0 (1 if closing overran its limit).
   */
  private static void exitCleanlyOnSignal(Node node) {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("shutdown")
                .unstarted(
                    () -> {
                      var log = LoggerFactory.getLogger(RunCommand.class);
                      log.info("shutting down");
                      boolean closed = Closer.closeWithin(node, SHUTDOWN_LIMIT);
                      if (!closed) {
                        log.warn("node did not close within {}", SHUTDOWN_LIMIT);
                      }
                      System.out.flush();
                      System.err.flush();
                      Runtime.getRuntime().halt(closed ? ExitCodes.OK : ExitCodes.FAILURE);
                    }));
  }

  /** The defaults that help shows for options whose default is a setting's: {@code --log-level}. */
  static final class SettingDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      return arg instanceof OptionSpec o && o.longestName().equals(Setting.LOG_LEVEL.flag())
          ? Setting.LOG_LEVEL.defaultValue()
          : null;
    }
  }
}
