package org.subnetp2p.node;

import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.admission.spi.GaterProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * The default gater, {@code allow-all}: admits every peer. Provided through {@link
 * java.util.ServiceLoader} like any other gater, so selecting it takes the same path.
 */
public final class AllowAllGaterProvider implements GaterProvider {
  /** The name configs select this gater by. */
  public static final String NAME = "allow-all";

  /** Called by {@link java.util.ServiceLoader}. */
  public AllowAllGaterProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ConnectionGater create(ProviderContext context) {
    return ConnectionGater.ALLOW_ALL;
  }
}
