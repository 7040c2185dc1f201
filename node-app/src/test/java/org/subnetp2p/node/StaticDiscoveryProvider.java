package org.subnetp2p.node;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * A discovery provider for tests, {@code static}: knows the peers of its setting {@code
 * discovery.static.peers}. Registered in the test class path's {@code META-INF/services}, so that
 * it is selected exactly as a real discovery module would be.
 */
public final class StaticDiscoveryProvider implements DiscoveryProvider {
  /** Every discovery created, for tests to inspect. */
  static final List<StaticDiscovery> CREATED = new CopyOnWriteArrayList<>();

  /** Called by {@link java.util.ServiceLoader}. */
  public StaticDiscoveryProvider() {}

  @Override
  public String name() {
    return "static";
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of("peers");
  }

  @Override
  public MultiaddrDiscovery create(ProviderContext context) {
    List<Multiaddr> peers =
        Arrays.stream(context.setting("peers").orElse("").split(","))
            .filter(s -> !s.isBlank())
            .map(Multiaddr::parse)
            .toList();
    StaticDiscovery d = new StaticDiscovery(context, peers);
    CREATED.add(d);
    return d;
  }

  /** The discovery: a fixed list. */
  static final class StaticDiscovery implements MultiaddrDiscovery {
    final ProviderContext context;
    final List<Multiaddr> peers;
    volatile Host startedWith;
    volatile boolean closed;

    StaticDiscovery(ProviderContext context, List<Multiaddr> peers) {
      this.context = context;
      this.peers = peers;
    }

    @Override
    public String name() {
      return "static";
    }

    @Override
    public int cost() {
      return 0;
    }

    @Override
    public void start(Host host) {
      startedWith = host;
    }

    @Override
    public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
      return CompletableFuture.completedFuture(
          peers.stream().filter(a -> a.peerId().orElseThrow().equals(peer)).toList());
    }

    @Override
    public CompletableFuture<List<Multiaddr>> knownPeers() {
      return CompletableFuture.completedFuture(peers);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
