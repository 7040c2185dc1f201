package org.subnetp2p.transport;

import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.spi.HostProvider;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.host.UpgradeProtocols;

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

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the config lists a security protocol other than {@code
   *     /noise} and {@code /pos-transport/1.0.0}, or a stream muxer other than {@code /yamux/1.0.0}
   */
  @Override
  public Host create(HostConfig config) {
    UpgradeProtocols.check(config);
    return new NettyHost(config);
  }
}
