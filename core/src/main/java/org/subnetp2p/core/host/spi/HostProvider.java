package org.subnetp2p.core.host.spi;

import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;

/**
 * Implemented by a module that provides a {@link Host}, and declared in its {@code module-info}
 * with {@code provides org.subnetp2p.core.host.spi.HostProvider with ...} (and in {@code
 * META-INF/services} for the class path).
 */
public interface HostProvider {

  /** The name the config selects this provider by, e.g. {@code netty}. */
  String name();

  /** A new, not yet started host built from {@code config}. */
  Host create(HostConfig config);
}
