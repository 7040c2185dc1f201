package org.subnetp2p.discovery.chain.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** Real hosts (the transport's, over TCP and Noise) on 127.0.0.1, closed together. */
public final class GatedHosts implements AutoCloseable {
  private final List<Host> hosts = new ArrayList<>();

  /** A started host admitting whom {@code gater} admits (the gater is started on it). */
  public Host start(ConnectionGater gater) throws IOException {
    Host host =
        Hosts.create(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .gater(gater)
                .build());
    hosts.add(host);
    host.start();
    gater.start(host);
    return host;
  }

  /** A started host without a gater. */
  public Host start() throws IOException {
    return start(ConnectionGater.ALLOW_ALL);
  }

  @Override
  public void close() {
    hosts.forEach(Host::close);
  }
}
