package org.subnetp2p.transport.host;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** Starts real hosts on 127.0.0.1 for a test and closes them all afterwards. */
public final class TestHosts implements AutoCloseable {
  private final List<NettyHost> hosts = new ArrayList<>();

  /** A started host with a fresh identity on a free loopback port. */
  public NettyHost start() throws IOException {
    return start(b -> b);
  }

  /** A started host, its config adjusted by {@code tune}. */
  public NettyHost start(UnaryOperator<HostConfig.Builder> tune) throws IOException {
    return start(Keys.generateEd25519(), tune);
  }

  /** A started host with the given identity, its config adjusted by {@code tune}. */
  public NettyHost start(PrivateKey identity, UnaryOperator<HostConfig.Builder> tune)
      throws IOException {
    HostConfig.Builder builder =
        HostConfig.builder(identity)
            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
            .meterRegistry(new SimpleMeterRegistry());
    NettyHost host = new NettyHost(tune.apply(builder).build());
    hosts.add(host);
    host.start();
    return host;
  }

  @Override
  public void close() {
    hosts.forEach(NettyHost::close);
  }
}
