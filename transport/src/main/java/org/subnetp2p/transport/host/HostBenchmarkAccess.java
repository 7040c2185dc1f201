package org.subnetp2p.transport.host;

import io.netty.channel.EventLoopGroup;
import org.subnetp2p.core.host.HostConfig;

/**
 * {@link NettyHost}'s internals as the {@code bench} module drives them. Not API: the package is
 * not exported, so no module reads this class; {@code bench} runs on the class path.
 */
public final class HostBenchmarkAccess {
  private HostBenchmarkAccess() {}

  /**
   * A host on {@code group}: many hosts (one identity each) on one event loop group, so one process
   * can hold a thousand client connections. Closing the host leaves the group running.
   */
  public static NettyHost onSharedGroup(HostConfig config, EventLoopGroup group) {
    return new NettyHost(config, group);
  }

  /** The bytes {@code host}'s connections hold in buffers, as its memory budget counts them. */
  public static long memoryUsed(NettyHost host) {
    return host.memoryUsed();
  }
}
