package org.subnetp2p.discovery.chain.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local EVM chain: Foundry's {@code anvil} from npm ({@code @foundry-rs/anvil}, installed by the
 * build under {@code discovery-chain/evm}), run as a child process on 127.0.0.1. Ready in about a
 * tenth of a second; its ten dev accounts are funded ({@link DevAccounts}). For tests, the demo and
 * benchmarks.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.start(Anvil.options())) {
 *   URI rpc = anvil.rpcUrl();
 *   ...
 * }
 * }</pre>
 */
public final class Anvil implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);
  private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(10);

  /** Environment variable or system property naming the anvil binary, if not the npm one. */
  public static final String BINARY_PROPERTY = "subnet.anvil";

  /** How to start anvil. */
  public record Options(
      int port,
      Optional<Duration> blockTime,
      Optional<Path> loadState,
      Optional<Path> dumpState,
      List<String> extraArguments) {
    /** With {@code port} (0 for a free one). */
    public Options port(int p) {
      return new Options(p, blockTime, loadState, dumpState, extraArguments);
    }

    /** Mines a block every {@code interval} instead of one per transaction. */
    public Options blockTime(Duration interval) {
      return new Options(port, Optional.of(interval), loadState, dumpState, extraArguments);
    }

    /** Starts from the state in {@code file}. */
    public Options loadState(Path file) {
      return new Options(port, blockTime, Optional.of(file), dumpState, extraArguments);
    }

    /** Writes the state to {@code file} when stopped. */
    public Options dumpState(Path file) {
      return new Options(port, blockTime, loadState, Optional.of(file), extraArguments);
    }

    /** More command-line arguments, e.g. {@code --no-mining}. */
    public Options arguments(String... more) {
      List<String> all = new ArrayList<>(extraArguments);
      all.addAll(List.of(more));
      return new Options(port, blockTime, loadState, dumpState, List.copyOf(all));
    }
  }

  private final Process process;
  private final int port;
  private final StringBuffer output;

  private Anvil(Process process, int port, StringBuffer output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** A free port, one block per transaction, no state kept. */
  public static Options options() {
    return new Options(0, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * Starts anvil and waits until it listens.
   *
   * @throws IOException if the binary is missing or anvil does not start within 30 s (its output is
   *     in the message)
   */
  public static Anvil start(Options options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(options.port())));
    options.blockTime().ifPresent(t -> command.addAll(List.of("--block-time", seconds(t))));
    options.loadState().ifPresent(f -> command.addAll(List.of("--load-state", f.toString())));
    options.dumpState().ifPresent(f -> command.addAll(List.of("--dump-state", f.toString())));
    command.addAll(options.extraArguments());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("anvil output")
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (output.length() < 64 * 1024) {
                    output.append(line).append('\n');
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(2)));
                  }
                }
              } catch (IOException e) {
                // the process ended; reported below
              }
              listening.completeExceptionally(new IOException("anvil exited"));
            });
    try {
      int port = listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
      LOG.debug("anvil listening on 127.0.0.1:{}", port);
      return new Anvil(process, port, output);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("anvil did not start (" + command + "):\n" + output, e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting anvil", e);
    }
  }

  private static String seconds(Duration d) {
    return Long.toString(Math.max(1, d.toSeconds()));
  }

  /**
   * The anvil binary: {@value #BINARY_PROPERTY} (system property, or {@code SUBNET_ANVIL} in the
   * environment), else the one npm installed under {@code discovery-chain/evm} in the working
   * folder or one above it, or beside the jar (or classes folder) this class was loaded from or
   * above it (so {@code java -jar node-app/target/subnet-node.jar} finds the repository's from any
   * folder), else {@code anvil} on the PATH.
   *
   * @throws IOException if none is found; its message says how to get one
   */
  public static Path binary() throws IOException {
    String configured =
        Optional.ofNullable(System.getProperty(BINARY_PROPERTY))
            .orElse(System.getenv("SUBNET_ANVIL"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String platform = "@foundry-rs/anvil-" + os() + "-" + arch() + "/bin/anvil";
    List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
    codeLocation().ifPresent(starts::add);
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        for (String tools : List.of("evm", "discovery-chain/evm")) {
          Path candidate = dir.resolve(tools).resolve("node_modules").resolve(platform);
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "anvil");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IOException(
        "no anvil binary: build the repository once (discovery-chain's build runs npm ci in"
            + " discovery-chain/evm, which installs @foundry-rs/anvil), or set SUBNET_ANVIL"
            + " (or -D"
            + BINARY_PROPERTY
            + ") to an anvil binary");
  }

  /** The folder of the jar, or the classes folder, this class was loaded from. */
  private static Optional<Path> codeLocation() {
    try {
      var source = Anvil.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty(); // not from a file: only the working folder and PATH are searched
    }
  }

  private static String os() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
  }

  private static String arch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
  public URI rpcUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** What anvil printed so far (the first 64 KiB). */
  public String output() {
    return output.toString();
  }

  /**
   * Stops anvil with SIGTERM (it writes its state first when {@code dumpState} was given), then
   * SIGKILL after 10 s. Idempotent.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
