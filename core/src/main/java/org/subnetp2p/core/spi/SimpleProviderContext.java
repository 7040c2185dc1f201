package org.subnetp2p.core.spi;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.Signer;
import org.subnetp2p.core.pubsub.PubSub;

/**
 * The plain {@link ProviderContext}; {@code pubSubOrNull} is the node's pubsub, {@code
 * signerOrNull} its identity's signer, if any.
 */
record SimpleProviderContext(
    PeerId localPeerId,
    String configPrefix,
    Map<String, String> settings,
    Map<String, String> nodeSettings,
    @Nullable PubSub pubSubOrNull,
    @Nullable Signer signerOrNull)
    implements ProviderContext {

  @Override
  public Optional<Signer> signer() {
    return Optional.ofNullable(signerOrNull);
  }

  @Override
  public Optional<PubSub> pubSub() {
    return Optional.ofNullable(pubSubOrNull);
  }
}
