package org.subnetp2p.it;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output as lines: stdout kept whole (nodes print their addresses there, the js peer
 * its JSON answers), both streams' tail kept for failure messages.
 */
final class ContainerLog implements Consumer<OutputFrame> {
  private static final int TAIL_LINES = 200;

  private final String name;
  private final Consumer<String> stdoutListener;
  private final List<String> stdout = new ArrayList<>();
  private final Deque<String> tail = new ArrayDeque<>();

  ContainerLog(String name) {
    this(name, line -> {});
  }

  /** {@code stdoutListener} sees every stdout line as it arrives. */
  ContainerLog(String name, Consumer<String> stdoutListener) {
    this.name = name;
    this.stdoutListener = stdoutListener;
  }

  @Override
  public void accept(OutputFrame frame) {
    if (frame.getType() == OutputFrame.OutputType.END) {
      return;
    }
    String line = frame.getUtf8StringWithoutLineEnding();
    boolean isStdout = frame.getType() == OutputFrame.OutputType.STDOUT;
    synchronized (this) {
      if (isStdout) {
        stdout.add(line);
      }
      tail.addLast((isStdout ? "out| " : "err| ") + line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
      notifyAll();
    }
    if (isStdout) {
      stdoutListener.accept(line);
    }
  }

  /** The stdout lines so far. */
  synchronized List<String> stdout() {
    return List.copyOf(stdout);
  }

  /** The last lines of both streams, headed by the container's name, for failure messages. */
  synchronized String tail() {
    return "--- last output of " + name + " ---\n" + String.join("\n", tail) + "\n--- end ---";
  }
}
