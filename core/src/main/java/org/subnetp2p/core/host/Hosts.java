package org.subnetp2p.core.host;

import java.util.List;
import java.util.ServiceLoader;
import org.subnetp2p.core.host.spi.HostProvider;

/** Finds {@link HostProvider}s with {@link ServiceLoader} and creates hosts from them. */
public final class Hosts {
  private Hosts() {}

  /** Every host provider on the module path or class path. */
  public static List<HostProvider> providers() {
    return ServiceLoader.load(HostProvider.class, Hosts.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /** Finds the provider named {@code name}; fails naming the ones that exist. */
  public static HostProvider provider(String name) {
    List<HostProvider> all = providers();
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no host provider named \""
                        + name
                        + "\"; known: "
                        + (all.isEmpty() ? "none (add the transport module)" : names(all))));
  }

  /**
   * Creates a host with the only provider present.
   *
   * @throws IllegalStateException if there is none, or more than one to choose from
   */
  public static Host create(HostConfig config) {
    List<HostProvider> all = providers();
    if (all.size() != 1) {
      throw new IllegalStateException(
          all.isEmpty()
              ? "no host provider found: add the transport module (org.subnetp2p:transport)"
              : "several host providers found (" + names(all) + "): choose one by name");
    }
    return all.get(0).create(config);
  }

  /** Creates a host with the provider named {@code name}. */
  public static Host create(String name, HostConfig config) {
    return provider(name).create(config);
  }

  private static String names(List<HostProvider> providers) {
    return String.join(", ", providers.stream().map(HostProvider::name).sorted().toList());
  }
}
