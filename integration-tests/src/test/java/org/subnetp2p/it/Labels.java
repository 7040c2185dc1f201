package org.subnetp2p.it;

import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * Labels on every container, network, volume and image the suite creates. Without Ryuk nothing
 * removes them when a test JVM dies, so cleanup finds them by label: the project label marks them
 * as ours, the owner label names the JVM that created them, so a run never removes what a
 * concurrent run on the same daemon still uses.
 */
final class Labels {
  static final String PROJECT = "org.subnetp2p.it";
  static final String OWNER_PID = "org.subnetp2p.it.pid";

  private Labels() {}

  /** Labels for the networks and volumes this run creates. */
  static Map<String, String> forThisRun() {
    return Map.of(
        DockerClientFactory.TESTCONTAINERS_LABEL,
        "true",
        PROJECT,
        "true",
        OWNER_PID,
        Long.toString(ProcessHandle.current().pid()));
  }

  /** Labels for containers: Testcontainers adds its own ({@code org.testcontainers=true}). */
  static Map<String, String> forContainers() {
    return Map.of(PROJECT, "true", OWNER_PID, Long.toString(ProcessHandle.current().pid()));
  }

  /** Labels for cached images, which outlive a run: no owner. */
  static Map<String, String> forImages() {
    return Map.of(DockerClientFactory.TESTCONTAINERS_LABEL, "true", PROJECT, "true");
  }

  /** Whether the run that created a resource with these labels is gone. */
  static boolean ownerIsGone(Map<String, String> labels) {
    String pid = labels == null ? null : labels.get(OWNER_PID);
    if (pid == null) {
      return true;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  static boolean ownedByThisRun(Map<String, String> labels) {
    return labels != null
        && Long.toString(ProcessHandle.current().pid()).equals(labels.get(OWNER_PID));
  }
}
