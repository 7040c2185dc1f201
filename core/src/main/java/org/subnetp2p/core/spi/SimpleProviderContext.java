package org.subnetp2p.core.spi;

import java.util.Map;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PubSub;

/** The plain {@link ProviderContext}; {@code pubSubOrNull} is the node's pubsub, if any. */
record SimpleProviderContext(
    PeerId localPeerId,
    String configPrefix,
    Map<String, String> settings,
    Map<String, String> nodeSettings,
    PubSub pubSubOrNull)
    implements ProviderContext {

  @Override
  public Optional<PubSub> pubSub() {
    return Optional.ofNullable(pubSubOrNull);
  }
}
