package org.subnetp2p.transport.host;

import io.netty.channel.EventLoopGroup;
import org.subnetp2p.core.host.HostConfig;

/**
 * Benchmark access to {@link NettyHost}'s internal constructor: many hosts (one identity each) on
 * one event loop group, so one process can hold a thousand client connections.
 */
public final class SharedLoopHosts {
  private SharedLoopHosts() {}

  /** A host on {@code group}; closing the host leaves the group running. */
  public static NettyHost create(HostConfig config, EventLoopGroup group) {
    return new NettyHost(config, group);
  }
}
