package org.subnetp2p.discovery.chain;

import java.util.Set;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Provides the {@code chain} discovery ({@code --discovery chain --chain-rpc URL --registry 0x...
 * --subnet-id N}). Its settings ({@code discovery.chain.<key>}) are those of {@link
 * ChainSettings#READER_KEYS}.
 */
public final class ChainDiscoveryProvider implements DiscoveryProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public ChainDiscoveryProvider() {}

  @Override
  public String name() {
    return ChainDiscovery.NAME;
  }

  @Override
  public Set<String> settingKeys() {
    return ChainSettings.READER_KEYS;
  }

  @Override
  public MultiaddrDiscovery create(ProviderContext context) {
    return new ChainDiscovery(RegistryFollowers.acquire(ChainSettings.from(context)));
  }
}
