package org.subnetp2p.core.admission.spi;

import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.spi.NamedProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides the {@link ConnectionGater} that decides which peers may connect, selected by {@link
 * #name()} (e.g. {@code gater=allow-all}). Declare it with {@code provides
 * org.subnetp2p.core.admission.spi.GaterProvider with ...} and in {@code META-INF/services}. Its
 * settings are the config keys {@code gater.<name>.<key>}.
 */
public interface GaterProvider extends NamedProvider {

  /** The name the config selects this gater by, e.g. {@code allow-all}. */
  @Override
  String name();

  /**
   * The gater for the node whose peer id {@code context} holds.
   *
   * @throws IllegalArgumentException if a setting in {@code context} is invalid, naming its key
   */
  ConnectionGater create(ProviderContext context);
}
