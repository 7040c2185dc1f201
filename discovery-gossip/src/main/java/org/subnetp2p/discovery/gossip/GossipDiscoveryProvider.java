package org.subnetp2p.discovery.gossip;

import java.util.Set;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides the {@code gossip} discovery, a {@link GossipDiscovery} configured by the keys {@code
 * discovery.gossip.*} (see {@link GossipSettings}). The node must {@linkplain GossipDiscovery#bind
 * bind} it to its identity and pubsub before starting it.
 */
public final class GossipDiscoveryProvider implements DiscoveryProvider {

  /** The provider ServiceLoader instantiates. */
  public GossipDiscoveryProvider() {}

  @Override
  public String name() {
    return GossipDiscovery.NAME;
  }

  @Override
  public Set<String> settingKeys() {
    return GossipSettings.KEYS;
  }

  @Override
  public MultiaddrDiscovery create(ProviderContext context) {
    return new GossipDiscovery(GossipSettings.from(context));
  }
}
