package org.subnetp2p.core.protocol.spi;

import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.spi.NamedProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides a protocol the node serves and calls, selected by {@link #name()} (e.g. {@code
 * protocols=task}). Declare it in the module's {@code module-info} with {@code provides
 * org.subnetp2p.core.protocol.spi.ProtocolProvider with ...} and in {@code META-INF/services} for
 * the class path. Its settings are the config keys {@code protocol.<name>.<key>}.
 */
public interface ProtocolProvider extends NamedProvider {

  /** The name the config selects this protocol by, e.g. {@code task}. */
  @Override
  String name();

  /**
   * A new protocol registered on {@code host}, which is not started yet: build it with {@link
   * ProtocolBase#serve}, so the protocol serves from the moment the host starts.
   *
   * @throws IllegalArgumentException if a setting in {@code context} is invalid, naming its key
   */
  ProtocolBase<?, ?> create(Host host, ProviderContext context);
}
