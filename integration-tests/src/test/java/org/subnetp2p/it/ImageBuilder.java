package org.subnetp2p.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the suite's images locally; nothing is pulled (no registry is reachable). Each image is
 * {@code FROM scratch} plus files from this machine: a {@code jlink} runtime of the JDK running the
 * tests, or the host's {@code node}, plus the glibc libraries {@code ldd} says they load. Images
 * are tagged with the hash of their build context, so an unchanged image is not rebuilt.
 */
final class ImageBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);

  /**
   * What the node's libraries use from the JDK (Netty, protobuf, Guice, picocli, slf4j, the JDK's
   * EC/EdDSA providers). A missing module shows as the node failing to start, log attached.
   */
  static final List<String> JAVA_MODULES =
      List.of(
          "java.base",
          "java.logging",
          "java.management",
          "java.naming",
          "java.sql",
          "java.xml",
          "jdk.crypto.ec",
          "jdk.unsupported",
          "jdk.zipfs");

  private static final long BUILD_TIMEOUT_MINUTES = 5;
  private static final Pattern LDD_NOT_FOUND = Pattern.compile("(\\S+) => not found");
  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

  private final DockerClient docker;
  private final Set<String> tags = new TreeSet<>();

  ImageBuilder(DockerClient docker) {
    this.docker = docker;
  }

  /** The node image: the Java base plus the freshly built jar; the entry point runs it. */
  String nodeImage(Path jar) throws IOException, InterruptedException {
    String base = javaBaseImage();
    String entrypoint =
        NodeContainer.JAVA_COMMAND.stream()
            .map(arg -> '"' + arg + '"')
            .collect(Collectors.joining(", ", "[", "]"));
    try (BuildContext context =
        new BuildContext()
            .text(
                "Dockerfile",
                "FROM "
                    + base
                    + "\nCOPY subnet-node.jar "
                    + NodeContainer.JAR
                    + "\nENTRYPOINT "
                    + entrypoint
                    + "\n")
            .file("subnet-node.jar", jar)) {
      return build("subnet-p2p-it/node", context);
    }
  }

  /**
   * The js-libp2p peer: the host's {@code node} binary and its libraries, and {@code
   * interop/js-peer} with its node_modules (installed here with {@code npm ci} when needed).
   */
  String jsPeerImage(Path jsPeer) throws IOException, InterruptedException {
    NpmInstall.ensure(jsPeer);
    Path node = which("node");
    BuildContext context = new BuildContext();
    context.text(
        "Dockerfile",
        "FROM scratch\nCOPY rootfs/ /\nWORKDIR /app\n"
            + "ENTRYPOINT [\"/usr/local/bin/node\", \"peer.mjs\"]\n");
    context.file("rootfs/usr/local/bin/node", node);
    addLibraries(context, List.of(node), null);
    context.dir("rootfs/tmp", 01777);
    context.tree("rootfs/app", jsPeer, p -> !p.getFileName().toString().equals(".install.lock"));
    try (context) {
      return build("subnet-p2p-it/js-peer", context);
    }
  }

  /**
   * A local EVM chain: the anvil binary npm installed for discovery-chain ({@code
   * @foundry-rs/anvil}) and the libraries it loads, listening on {@link AnvilContainer#PORT}.
   */
  String anvilImage(Path anvil) throws IOException, InterruptedException {
    BuildContext context = new BuildContext();
    context.text(
        "Dockerfile",
        "FROM scratch\nCOPY rootfs/ /\nENV HOME=/tmp\n"
            + "ENTRYPOINT [\"/usr/local/bin/anvil\", \"--host\", \"0.0.0.0\", \"--port\", \""
            + AnvilContainer.PORT
            + "\"]\n");
    context.file("rootfs/usr/local/bin/anvil", anvil);
    addLibraries(context, List.of(anvil), null);
    context.dir("rootfs/tmp", 01777);
    try (context) {
      return build("subnet-p2p-it/anvil", context);
    }
  }

  /** A Java runtime with no shell and no package manager, built in a few seconds. */
  private String javaBaseImage() throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("subnet-it-jlink");
    try {
      Path runtime = work.resolve("java");
      long start = System.nanoTime();
      jlink(runtime);
      LOG.info("jlink: {} ms", (System.nanoTime() - start) / 1_000_000);
      List<Path> binaries;
      try (Stream<Path> files = Files.walk(runtime)) {
        binaries =
            files
                .filter(p -> p.toString().endsWith(".so") || p.equals(runtime.resolve("bin/java")))
                .toList();
      }
      try (BuildContext context = new BuildContext()) {
        context.text(
            "Dockerfile",
            "FROM scratch\nCOPY rootfs/ /\nENV JAVA_HOME=/opt/java PATH=/opt/java/bin\n");
        context.tree("rootfs/opt/java", runtime, p -> true);
        addLibraries(context, binaries, runtime);
        context.dir("rootfs/tmp", 01777);
        return build("subnet-p2p-it/java-base", context);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void jlink(Path output) {
    ToolProvider jlink =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no jlink in " + System.getProperty("java.home") + ": run with a JDK"));
    StringWriter out = new StringWriter();
    int exit =
        jlink.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "--add-modules",
            String.join(",", JAVA_MODULES),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--compress=zip-6",
            "--output",
            output.toString());
    if (exit != 0) {
      throw new IllegalStateException("jlink failed (" + exit + "):\n" + out);
    }
  }

  /**
   * Adds the shared libraries {@code binaries} load, at the paths the dynamic loader looks for
   * them; those under {@code alreadyInImage} (the runtime's own, if not null) are there already.
   */
  private static void addLibraries(BuildContext context, List<Path> binaries, Path alreadyInImage)
      throws IOException, InterruptedException {
    Set<String> libraries = new TreeSet<>();
    for (Path binary : binaries) {
      // ldd exits 1 on a static binary: then there is nothing to add.
      String output =
          HostProcess.run(binary.getParent(), Duration.ofSeconds(30), "ldd", binary.toString())
              .output();
      Matcher missing = LDD_NOT_FOUND.matcher(output);
      while (missing.find()) {
        // libjvm.so is loaded by the launcher before the libraries that name it.
        if (alreadyInImage == null || !contains(alreadyInImage, missing.group(1))) {
          throw new IOException("ldd " + binary + " names missing libraries:\n" + output);
        }
      }
      Matcher m = LDD_PATH.matcher(output);
      while (m.find()) {
        libraries.add(m.group(1));
      }
    }
    for (String library : libraries) {
      Path path = Path.of(library).normalize();
      if (alreadyInImage == null || !path.startsWith(alreadyInImage)) {
        context.file("rootfs" + library, path);
      }
    }
  }

  /** The tags of the images this builder built or found up to date. */
  Set<String> tags() {
    return Set.copyOf(tags);
  }

  private static boolean contains(Path tree, String fileName) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      return files.anyMatch(p -> p.getFileName().toString().equals(fileName));
    }
  }

  /** Builds {@code context} as {@code repository:<hash>} unless that image exists already. */
  private String build(String repository, BuildContext context) throws IOException {
    long hashStart = System.nanoTime();
    context.tar();
    LOG.info("{} context: {} ms", repository, (System.nanoTime() - hashStart) / 1_000_000);
    String tag = repository + ":" + context.sha256().substring(0, 16);
    tags.add(tag);
    if (exists(tag)) {
      LOG.info("image {} is up to date", tag);
      return tag;
    }
    long start = System.nanoTime();
    try (InputStream tar = Files.newInputStream(context.tar())) {
      docker
          .buildImageCmd(tar)
          .withTags(Set.of(tag))
          .withLabels(Labels.forImages())
          .withPull(false)
          .withRemove(true)
          .withForcerm(true)
          .exec(new BuildImageResultCallback())
          .awaitImageId(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    }
    LOG.info("built image {} in {} ms", tag, (System.nanoTime() - start) / 1_000_000);
    return tag;
  }

  private boolean exists(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static Path which(String program) {
    List<String> searched = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, program);
      searched.add(dir);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(program + " not found on PATH " + searched);
  }
}
