package org.subnetp2p.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program on the host with a deadline, its output (both streams) kept for messages. */
record HostProcess(int exitCode, String output) {

  static HostProcess run(Path directory, Duration deadline, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("subnet-it-process", ".log");
    try {
      Process process =
          new ProcessBuilder(List.of(command))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IOException(
            String.join(" ", command) + " did not finish within " + deadline + ":\n" + read(log));
      }
      return new HostProcess(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
