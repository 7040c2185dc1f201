package org.subnetp2p.node.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises a JPMS user: its Java blocks, taken verbatim, form a module that
 * compiles against the project's module jars and runs on the module path (a call between two
 * hosts); and the shipped {@code TaskProtocol} works there too. A README block that drifts from the
 * API fails here.
 */
class ReadmeModulePathIT {
  /**
   * What a JPMS user puts on the module path: the protocol, the host implementation, logging, and
   * the jars Micrometer's core needs (automatic modules declare no requires, so Maven's dependency
   * list names them, not a module descriptor).
   */
  private static final Set<String> MODULES =
      Set.of(
          "org.subnetp2p.protocols.task",
          "org.subnetp2p.transport",
          "org.slf4j.simple",
          "micrometer.commons",
          "micrometer.observation");

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");

  @TempDir Path dir;

  /** One fenced code block of a Markdown file. */
  record Block(String language, String text) {}

  @Test
  void everyJavaBlockOfTheReadmeCompilesAndRunsOnTheModulePath() throws Exception {
    List<Block> java = blocks(repository().resolve("README.md"), "java");
    assertThat(java).as("Java blocks in the README").hasSizeGreaterThanOrEqualTo(3);
    ModulePathApp app = new ModulePathApp(dir);
    for (Block b : java) {
      app.add(b.text());
    }

    ModulePathApp.Result run = app.compileAndRun(MODULES);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("accepted=true result=HELLO");
    assertThat(dir.resolve("identity.key")).isRegularFile();
  }

  @Test
  void theReadmesProtoBlockIsTheTaskProtocolsProtoFile() throws Exception {
    List<Block> proto = blocks(repository().resolve("README.md"), "protobuf");
    String file =
        Files.readString(repository().resolve("protocols-task/src/main/proto/task_protocol.proto"));

    assertThat(proto).extracting(Block::text).containsExactly(file.strip());
  }

  @Test
  void theShippedTaskProtocolServesAndCallsOnTheModulePath() throws Exception {
    ModulePathApp app =
        new ModulePathApp(dir)
            .add(
                """
                module check.tasks {
                  requires org.subnetp2p.protocols.task;
                }
                """)
            .add(
                """
                package check.tasks;

                import com.google.protobuf.ByteString;
                import org.subnetp2p.core.host.Host;
                import org.subnetp2p.core.host.HostConfig;
                import org.subnetp2p.core.host.Hosts;
                import org.subnetp2p.core.identity.Keys;
                import org.subnetp2p.core.multiaddr.Multiaddr;
                import org.subnetp2p.protocols.task.TaskProtocol;

                public final class Call {
                  public static void main(String[] args) throws Exception {
                    try (Host server = Hosts.create(HostConfig.builder(Keys.generateEd25519())
                            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
                        Host client = Hosts.create(HostConfig.builder(Keys.generateEd25519()).build())) {
                      TaskProtocol.serve(server);
                      TaskProtocol tasks = TaskProtocol.serve(client);
                      server.start();
                      client.start();
                      var byAddress = tasks.callRemote(
                          server.dialableAddresses().get(0), "t1", ByteString.copyFromUtf8("by address"));
                      System.out.println(byAddress.get().getResult().toStringUtf8());
                      var byPeerId = tasks.callRemote(
                          server.peerId(), "t2", ByteString.copyFromUtf8("by peer id"));
                      System.out.println(byPeerId.get().getResult().toStringUtf8());
                      System.out.println("named module: " + TaskProtocol.class.getModule().isNamed());
                    }
                  }
                }
                """);

    ModulePathApp.Result run = app.compileAndRun(MODULES);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines())
        .containsExactly("BY ADDRESS", "BY PEER ID", "named module: true");
  }

  /** The fenced blocks of {@code language} in {@code markdown}, their list indentation removed. */
  static List<Block> blocks(Path markdown, String language) throws IOException {
    List<Block> out = new ArrayList<>();
    String open = null;
    String indent = "";
    StringBuilder text = new StringBuilder();
    for (String line : Files.readAllLines(markdown)) {
      Matcher fence = FENCE.matcher(line);
      if (open == null) {
        if (fence.matches() && !fence.group(2).isEmpty()) {
          open = fence.group(2);
          indent = fence.group(1);
          text.setLength(0);
        }
      } else if (fence.matches() && fence.group(2).isEmpty()) {
        if (open.equals(language)) {
          out.add(new Block(open, text.toString().strip()));
        }
        open = null;
      } else {
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
            .append('\n');
      }
    }
    return out;
  }

  /** The repository's root folder, found from the working folder upwards. */
  static Path repository() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("README.md")) && Files.isDirectory(d.resolve("protocols-task"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "repository root not found above " + Path.of("").toAbsolutePath());
  }
}
