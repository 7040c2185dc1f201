package org.subnetp2p.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The facts a reader needs to compare a run with another: machine, versions, date. */
final class MachineInfo {
  private MachineInfo() {}

  static Map<String, String> collect() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    info.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
    info.put("cpu", firstValue("/proc/cpuinfo", "model name"));
    info.put("memory", firstValue("/proc/meminfo", "MemTotal"));
    info.put("os", osName());
    info.put("kernel", read("/proc/sys/kernel/osrelease"));
    info.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    info.put("node", output(List.of("node", "--version")));
    info.put("iperf3", output(List.of("iperf3", "--version")));
    info.put("git commit", output(List.of("git", "rev-parse", "--short", "HEAD")));
    info.put("load average at start", Session.loadAverage());
    return info;
  }

  private static String firstValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "unknown";
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring(12).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.name");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The first line a short command prints, or "unknown"; waits at most 10 s. */
  private static String output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unknown";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse("") : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
