package org.subnetp2p.core.spi;

import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/** The plain {@link ProviderContext}. */
record SimpleProviderContext(
    PeerId localPeerId,
    String configPrefix,
    Map<String, String> settings,
    Map<String, String> nodeSettings)
    implements ProviderContext {}
