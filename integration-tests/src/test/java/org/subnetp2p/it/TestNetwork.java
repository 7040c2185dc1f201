package org.subnetp2p.it;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.testcontainers.containers.Network;

/**
 * A user-defined Docker network for one test class, created <b>internal</b>: containers reach each
 * other by alias but have no route out of the machine. Also creates the named volumes that keep
 * node identities across container restarts. Labelled like everything else, so {@link Leftovers}
 * finds it if this run dies.
 */
final class TestNetwork implements Network {
  private final DockerClient docker;
  private final String name;
  private final String id;
  private final List<String> volumes = new CopyOnWriteArrayList<>();

  TestNetwork(DockerClient docker, String purpose) {
    this.docker = docker;
    this.name = "subnet-it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.id =
        docker
            .createNetworkCmd()
            .withName(name)
            .withDriver("bridge")
            .withInternal(true)
            .withCheckDuplicate(true)
            .withLabels(Labels.forThisRun())
            .exec()
            .getId();
  }

  @Override
  public String getId() {
    return id;
  }

  String name() {
    return name;
  }

  /** A new named volume for {@code purpose} (e.g. one node's identity), removed with the run. */
  String newVolume(String purpose) {
    String volume = name + "-" + purpose;
    docker.createVolumeCmd().withName(volume).withLabels(Labels.forThisRun()).exec();
    volumes.add(volume);
    return volume;
  }

  /**
   * Removes the volumes and the network; call it after stopping the containers. What is still in
   * use stays for the suite's final cleanup by label.
   */
  @Override
  public void close() {
    volumes.forEach(v -> quietly(() -> docker.removeVolumeCmd(v).exec()));
    quietly(() -> docker.removeNetworkCmd(id).exec());
  }

  private static void quietly(Runnable removal) {
    try {
      removal.run();
    } catch (RuntimeException e) {
      // in use or already gone: Leftovers removes it at the end of the run
    }
  }
}
