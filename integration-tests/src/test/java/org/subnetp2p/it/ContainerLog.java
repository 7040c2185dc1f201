package org.subnetp2p.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output as lines, kept whole (a node's output in a test is small): stdout on its own
 * (addresses, the js peer's answers), both streams together for waits and failure messages.
 */
final class ContainerLog implements Consumer<OutputFrame> {
  private static final int TAIL_LINES = 200;

  private final String name;
  private final Consumer<String> stdoutListener;
  private final List<String> stdout = new ArrayList<>();
  private final List<String> both = new ArrayList<>();

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
      both.add((isStdout ? "out| " : "err| ") + line);
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

  /** Waits until a line of either stream matches; false if none did within {@code deadline}. */
  synchronized boolean awaitLine(Predicate<String> match, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    for (int checked = 0; ; ) {
      for (; checked < both.size(); checked++) {
        if (match.test(both.get(checked).substring("out| ".length()))) {
          return true;
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** The last lines of both streams, headed by the container's name, for failure messages. */
  synchronized String tail() {
    List<String> last = both.subList(Math.max(0, both.size() - TAIL_LINES), both.size());
    return "--- last output of " + name + " ---\n" + String.join("\n", last) + "\n--- end ---";
  }
}
