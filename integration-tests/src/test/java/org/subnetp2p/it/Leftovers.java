package org.subnetp2p.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the suite's containers, networks and volumes by label. Before a run: whatever a dead run
 * left (a killed JVM has no Ryuk to clean up after it). After a run: everything this run made.
 */
final class Leftovers {
  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
  private static final String PROJECT_FILTER = Labels.PROJECT + "=true";

  private final DockerClient docker;

  Leftovers(DockerClient docker) {
    this.docker = docker;
  }

  /** Removes what runs that are no longer alive left behind. */
  void removeOrphans() {
    remove(Labels::ownerIsGone);
  }

  /** Removes everything this run created. */
  void removeOwnedByThisRun() {
    remove(Labels::ownedByThisRun);
  }

  /**
   * Removes the suite's images other than {@code keepTags} (older jars). Only those older than an
   * hour: a concurrent run (another worktree, same daemon) may have just built its own.
   */
  void removeStaleImages(Set<String> keepTags) {
    long hourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    List<Image> images =
        docker.listImagesCmd().withLabelFilter(Map.of(Labels.PROJECT, "true")).exec();
    for (Image image : images) {
      List<String> tags = image.getRepoTags() == null ? List.of() : List.of(image.getRepoTags());
      if (image.getCreated() < hourAgo && tags.stream().noneMatch(keepTags::contains)) {
        quietly("image " + tags, () -> docker.removeImageCmd(image.getId()).exec());
      }
    }
  }

  private void remove(Predicate<Map<String, String>> select) {
    List<Container> containers =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(Labels.PROJECT, "true"))
            .exec();
    for (Container c : containers) {
      if (select.test(c.getLabels())) {
        quietly(
            "container " + String.join(",", c.getNames()),
            () ->
                docker
                    .removeContainerCmd(c.getId())
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec());
      }
    }
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(PROJECT_FILTER)).exec()) {
      if (select.test(n.getLabels())) {
        quietly("network " + n.getName(), () -> docker.removeNetworkCmd(n.getId()).exec());
      }
    }
    List<InspectVolumeResponse> volumes =
        docker.listVolumesCmd().withFilter("label", List.of(PROJECT_FILTER)).exec().getVolumes();
    for (InspectVolumeResponse v :
        volumes == null ? new ArrayList<InspectVolumeResponse>() : volumes) {
      if (select.test(v.getLabels())) {
        quietly("volume " + v.getName(), () -> docker.removeVolumeCmd(v.getName()).exec());
      }
    }
  }

  /** Cleanup goes on past one failure: the next run's cleanup retries what is left. */
  private static void quietly(String what, Runnable removal) {
    try {
      removal.run();
      LOG.info("removed {}", what);
    } catch (DockerException e) {
      LOG.warn("could not remove {}: {}", what, e.getMessage());
    }
  }
}
