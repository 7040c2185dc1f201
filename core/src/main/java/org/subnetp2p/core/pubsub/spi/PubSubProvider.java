package org.subnetp2p.core.pubsub.spi;

import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.NamedProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides the node's {@link PubSub}, selected by {@link #name()} (e.g. {@code pubsub=gossipsub}).
 * Declare it with {@code provides org.subnetp2p.core.pubsub.spi.PubSubProvider with ...} and in
 * {@code META-INF/services}. Its settings are the config keys {@code pubsub.<name>.<key>}, e.g.
 * {@code pubsub.gossipsub.d}.
 */
public interface PubSubProvider extends NamedProvider {

  /** The name the config selects this provider by, e.g. {@code gossipsub}. */
  @Override
  String name();

  /**
   * A new pubsub on {@code host}, which may not be started yet: it registers its stream handlers at
   * once, so it serves from the moment the host listens. {@code identity} is the host's key, which
   * signs the messages this node publishes.
   *
   * @throws IllegalArgumentException if a setting in {@code context} is invalid, naming its key
   */
  PubSub create(Host host, PrivateKey identity, ProviderContext context);
}
