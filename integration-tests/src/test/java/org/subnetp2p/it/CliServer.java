package org.subnetp2p.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.subnetp2p.node.cli.Main;

/**
 * Runs {@code subnet-node} commands inside a node's container from one long-lived JVM, so that a
 * test's many calls do not each start a JVM (about a second of two shared cores). The test copies
 * this class in and runs it on the node jar's class path, fed by {@link CliSession}.
 *
 * <p>Stdin: one command a line, tab-separated: an id, then the CLI's arguments (e.g. {@code call},
 * the target, ...), or {@code admin} and a path of the node's admin endpoint. Stdout: one answer a
 * line, tab-separated: the id, the exit code, and stdout and stderr, each Base64. Also {@code delay
 * <listen port> <node port> <millis>} starts a {@link DelayLine}, and {@code delayed} prints how
 * many connections it relayed. Each command runs on a thread of its own, so a slow one does not
 * hold up the others.
 */
public final class CliServer {
  private static DelayLine delayLine;

  private CliServer() {}

  /** {@code args[0]}: the admin endpoint's base URL, e.g. {@code http://127.0.0.1:9090}. */
  public static void main(String[] args) throws Exception {
    String admin = args[0];
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println("ready");
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] fields = line.split("\t", -1);
      // Platform threads: a command may block a carrier (class initialisation, native code), and
      // the container has two, which the admin reads that poll the node must not wait for.
      Thread.ofPlatform().daemon().start(() -> answer(out, admin, fields));
    }
  }

  private static void answer(PrintStream out, String admin, String[] fields) {
    String[] args = Arrays.copyOfRange(fields, 1, fields.length);
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exit;
    try {
      if (args.length == 4 && args[0].equals("delay")) {
        synchronized (CliServer.class) {
          if (delayLine == null) {
            delayLine =
                DelayLine.start(
                    Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
          }
        }
        exit = 0;
      } else if (args.length == 1 && args[0].equals("delayed")) {
        synchronized (CliServer.class) {
          stdout.write(Long.toString(delayLine == null ? 0 : delayLine.connections()));
        }
        exit = 0;
      } else if (args.length == 2 && args[0].equals("admin")) {
        AdminProbe.Response r = AdminProbe.get(admin + args[1]);
        stdout.write(r.body());
        exit = r.status() == 200 ? 0 : 1;
      } else {
        try (PrintWriter o = new PrintWriter(stdout);
            PrintWriter e = new PrintWriter(stderr)) {
          exit = Main.execute(o, e, args);
        }
      }
    } catch (Exception | Error e) {
      stderr.write("driver: " + e);
      exit = -2;
    }
    Base64.Encoder b64 = Base64.getEncoder();
    String answer =
        fields[0]
            + "\t"
            + exit
            + "\t"
            + b64.encodeToString(stdout.toString().getBytes(StandardCharsets.UTF_8))
            + "\t"
            + b64.encodeToString(stderr.toString().getBytes(StandardCharsets.UTF_8));
    synchronized (out) {
      out.println(answer);
      out.flush();
    }
  }
}
