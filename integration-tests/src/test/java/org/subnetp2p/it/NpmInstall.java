package org.subnetp2p.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Installs the js peer's node_modules with {@code npm ci} unless they match the lockfile. */
final class NpmInstall {
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private NpmInstall() {}

  static void ensure(Path jsPeer) throws IOException, InterruptedException {
    Path lockfile = jsPeer.resolve("package-lock.json");
    Path installed = jsPeer.resolve("node_modules/.package-lock.json");
    // The transport module's interop tests install the same folder under the same lock file.
    try (FileChannel channel =
        FileChannel.open(
            jsPeer.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock(); // released when the channel closes
      if (Files.exists(installed)
          && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lockfile))
              >= 0) {
        return;
      }
      HostProcess npm = HostProcess.run(jsPeer, DEADLINE, "npm", "ci", "--no-audit", "--no-fund");
      if (npm.exitCode() != 0) {
        throw new IOException("npm ci failed in " + jsPeer + ":\n" + npm.output());
      }
    }
  }
}
