package org.subnetp2p.transport;

import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.spi.HostProvider;
import org.subnetp2p.transport.host.NettyHost;

/** Provides the Netty libp2p host to {@link org.subnetp2p.core.host.Hosts} as {@code netty}. */
public final class NettyHostProvider implements HostProvider {
  /** The name configs select this provider by. */
  public static final String NAME = "netty";

  /** Called by {@link java.util.ServiceLoader}. */
  public NettyHostProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Host create(HostConfig config) {
    return new NettyHost(config);
  }
}
