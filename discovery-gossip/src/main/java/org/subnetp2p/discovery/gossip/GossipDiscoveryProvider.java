package org.subnetp2p.discovery.gossip;

import java.util.Set;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.identity.Signer;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides the {@code gossip} discovery, a {@link GossipDiscovery} configured by the keys {@code
 * discovery.gossip.*} (see {@link GossipSettings}), bound to the node's pubsub ({@link
 * ProviderContext#pubSub()}, which it {@linkplain #requiresPubSub() requires}) and to the signer of
 * its identity ({@link ProviderContext#signer()}). Without its own {@code interval} and {@code
 * subnet-id} it takes the node's {@code discovery-interval} and {@code subnet-id}.
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
  public boolean requiresPubSub() {
    return true;
  }

  /**
   * A discovery bound to the context's pubsub and signer.
   *
   * @throws IllegalArgumentException if a setting is invalid, or the context has no pubsub or no
   *     signer (the node did not hand them over)
   */
  @Override
  public MultiaddrDiscovery create(ProviderContext context) {
    GossipSettings settings = GossipSettings.from(context);
    PubSub pubSub =
        context
            .pubSub()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the gossip discovery runs on a pubsub, and the node gave it none"));
    Signer signer =
        context
            .signer()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the gossip discovery signs its heartbeat as the node, and the node gave it"
                            + " no signer"));
    return new GossipDiscovery(settings).bind(signer, pubSub);
  }
}
