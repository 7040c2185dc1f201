package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.subnetp2p.core.host.Host;

/**
 * The {@code memory} command: heap used after full GCs and the process's resident set, read from
 * {@code /proc/self/status}.
 */
final class MemoryProbe {
  private MemoryProbe() {}

  static ObjectNode measure(Host host) throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    out.put("connections", host.connections().size())
        .put("heapUsedBytes", heapUsed)
        .put("heapCommittedBytes", heapCommitted)
        .put("rssKiB", statusKiB("VmRSS"))
        .put("threads", Thread.activeCount());
    return out;
  }

  /** A {@code kB} field of {@code /proc/self/status}, or -1 where there is none (not Linux). */
  static long statusKiB(String field) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
