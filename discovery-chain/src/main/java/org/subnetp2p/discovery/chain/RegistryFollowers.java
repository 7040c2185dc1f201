package org.subnetp2p.discovery.chain;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link RegistryFollower} per registry read, shared by whatever reads it in this JVM: the
 * {@code chain} discovery and the {@code chain} gater of a node follow the chain once, not twice.
 * Followers with different settings (another subnet, another confirmation depth) are distinct.
 */
public final class RegistryFollowers {
  private static final Map<ChainSettings, Shared> SHARED = new HashMap<>();

  private RegistryFollowers() {}

  private static final class Shared {
    final RegistryFollower follower;
    int users;

    Shared(RegistryFollower follower) {
      this.follower = follower;
    }
  }

  /** A use of a shared follower; {@link #close()} it when done. */
  public static final class Lease implements AutoCloseable {
    private final ChainSettings settings;
    private final RegistryFollower follower;
    private boolean closed;

    private Lease(ChainSettings settings, RegistryFollower follower) {
      this.settings = settings;
      this.follower = follower;
    }

    /** The follower, started. */
    public RegistryFollower follower() {
      return follower;
    }

    /** Ends this use; the last one closes the follower. */
    @Override
    public void close() {
      synchronized (SHARED) {
        if (closed) {
          return;
        }
        closed = true;
        Shared s = SHARED.get(settings);
        if (s != null && s.follower == follower && --s.users == 0) {
          SHARED.remove(settings);
          follower.close();
        }
      }
    }
  }

  /** The follower of {@code settings}, created and started by the first user. */
  public static Lease acquire(ChainSettings settings) {
    synchronized (SHARED) {
      Shared s = SHARED.computeIfAbsent(settings, k -> new Shared(new RegistryFollower(k)));
      s.users++;
      s.follower.start();
      return new Lease(settings, s.follower);
    }
  }
}
