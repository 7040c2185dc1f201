package org.subnetp2p.core.spi;

import java.util.Set;

/**
 * A provider that a node's config selects by {@link #name()}, found with {@link
 * java.util.ServiceLoader}. The protocol, discovery and gater SPIs extend it.
 *
 * <p>A provider's settings come from config keys prefixed with its kind and name, e.g. {@code
 * discovery.chain.rpc-url} for the setting {@code rpc-url} of the discovery provider {@code chain}.
 * It declares them in {@link #settingKeys()}, so that a misspelt key fails at start instead of
 * being silently ignored.
 */
public interface NamedProvider {

  /** The name the config selects this provider by: lower case, e.g. {@code task}. */
  String name();

  /** The setting keys this provider reads, without its prefix, e.g. {@code rpc-url}. */
  default Set<String> settingKeys() {
    return Set.of();
  }
}
