package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end benchmark: Java and js-libp2p peers in separate processes on 127.0.0.1, every
 * client/server pairing, every figure the median of several runs, rounds interleaved so that a
 * change in the machine's load hits all pairs alike. Writes {@code results.json} and {@code
 * results.md} to the output folder.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.subnetp2p.bench.e2e.Runner
 *     [--quick] [--runs N] [--out DIR] [--only reqresp,perf,connsetup,memory,iperf,shipped]
 *     [--pairs Java-Java,js-js,Java-js,js-Java]
 * </pre>
 *
 * Java peers get the JVM options in the environment variable {@code BENCH_JAVA_OPTS} (e.g. a JFR
 * recording) in addition to {@code -Xmx1g} and warn-level logging.
 */
public final class Runner {
  private static final List<String> ALL_SCENARIOS =
      List.of("reqresp", "perf", "connsetup", "memory", "iperf", "shipped");

  private Runner() {}

  public static void main(String[] args) throws Exception {
    RunConfig config = RunConfig.FULL;
    Path out = Path.of("bench/target/e2e");
    List<String> only = ALL_SCENARIOS;
    List<Pair> pairs = Pair.ALL;
    Integer runs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> config = RunConfig.QUICK;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = Arrays.asList(args[++i].split(","));
        case "--pairs" -> pairs = parsePairs(args[++i]);
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.exit(2);
        }
      }
    }
    if (runs != null) {
      config = config.withRuns(runs);
    }
    String command = "bench/run.sh " + String.join(" ", args);
    Map<String, String> machine = MachineInfo.collect();
    List<Scenario> scenarios = scenarios(only);

    List<String> javaOptions = new ArrayList<>(List.of("-Xmx1g"));
    javaOptions.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    String extra = System.getenv("BENCH_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      javaOptions.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }

    Files.createDirectories(out);
    try (ProcessLauncher launcher = new ProcessLauncher(jar(), jsHome(), javaOptions);
        Session session = new Session(config, launcher, pairs, System.out)) {
      session.log("machine: %s", machine);
      session.log("config: %s", config);
      if (only.contains("reqresp") || only.contains("perf")) {
        WarmUp.run(session);
      }
      for (int round = 1; round <= config.runs(); round++) {
        for (Scenario scenario : scenarios) {
          String load = Session.loadAverage();
          session.results.load(scenario.name(), round, load);
          session.log("round %d/%d: %s (load %s)", round, config.runs(), scenario.name(), load);
          try {
            scenario.run(session, round);
          } catch (Exception e) {
            session.results.error(scenario.name() + " round " + round + ": " + e.getMessage());
            session.log("%s failed: %s", scenario.name(), e);
          }
        }
      }
      write(out, session.results, machine, config, command);
      session.log("wrote %s and %s", out.resolve("results.json"), out.resolve("results.md"));
    }
  }

  private static List<Scenario> scenarios(List<String> only) {
    List<Scenario> list = new ArrayList<>();
    for (String name : only) {
      switch (name) {
        case "reqresp" -> {
          list.add(new ReqRespScenario(64, 1));
          list.add(new ReqRespScenario(64, 64));
          list.add(new ReqRespScenario(16 * 1024, 1));
          list.add(new ReqRespScenario(16 * 1024, 64));
        }
        case "perf" -> list.add(new PerfScenario());
        case "connsetup" -> list.add(new ConnSetupScenario());
        case "memory" -> list.add(new IdleMemoryScenario());
        case "iperf" -> list.add(new IperfScenario());
        case "shipped" -> {
          list.add(new ShippedNodeScenario(64));
          list.add(new ShippedNodeScenario(256));
        }
        default -> throw new IllegalArgumentException("unknown scenario " + name);
      }
    }
    return list;
  }

  private static List<Pair> parsePairs(String text) {
    List<Pair> out = new ArrayList<>();
    for (String p : text.split(",")) {
      String[] ends = p.split("-");
      out.add(new Pair(impl(ends[0]), impl(ends[1])));
    }
    return out;
  }

  private static Impl impl(String label) {
    return Arrays.stream(Impl.values())
        .filter(i -> i.label.equalsIgnoreCase(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown implementation " + label));
  }

  private static void write(
      Path out, Results results, Map<String, String> machine, RunConfig config, String command)
      throws IOException {
    ObjectNode json = results.toJson();
    ObjectNode machineNode = json.putObject("machine");
    machine.forEach(machineNode::put);
    json.set("config", PeerProcess.JSON.valueToTree(config));
    json.put("command", command);
    Files.writeString(
        out.resolve("results.json"),
        PeerProcess.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    Files.writeString(out.resolve("results.md"), Report.markdown(results, machine, command));
  }

  /** The jar this class was loaded from: it also holds the Java peer. */
  private static Path jar() throws URISyntaxException {
    Path self = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(self)) {
      throw new IllegalStateException(
          "run the runner from bench/target/benchmarks.jar (bench/run.sh builds it)");
    }
    return self;
  }

  /** {@code interop/js-peer}, found from the working directory upwards. */
  private static Path jsHome() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("interop/js-peer");
      if (Files.exists(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("interop/js-peer not found above the working directory");
  }
}
