package org.subnetp2p.core.discovery.spi;

import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.spi.NamedProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides a {@link MultiaddrDiscovery}, selected by {@link #name()} (e.g. {@code
 * discovery=chain}). Declare it with {@code provides
 * org.subnetp2p.core.discovery.spi.DiscoveryProvider with ...} and in {@code META-INF/services}.
 * Its settings are the config keys {@code discovery.<name>.<key>}, e.g. {@code
 * discovery.chain.rpc-url}.
 */
public interface DiscoveryProvider extends NamedProvider {

  /** The name the config selects this provider by, e.g. {@code chain}. */
  @Override
  String name();

  /**
   * A new discovery, not yet started: the node calls {@link MultiaddrDiscovery#start} once its host
   * listens, and closes it when the node closes.
   *
   * @throws IllegalArgumentException if a setting in {@code context} is invalid, naming its key
   */
  MultiaddrDiscovery create(ProviderContext context);

  /**
   * Whether this discovery runs on the node's publish/subscribe (as the GossipSub heartbeat does):
   * if so the node starts its pubsub and hands it over in {@link ProviderContext#pubSub()}.
   */
  default boolean requiresPubSub() {
    return false;
  }
}
