package org.subnetp2p.discovery.chain.admission;

import java.util.HashSet;
import java.util.Set;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.admission.spi.GaterProvider;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.RegistryFollowers;

/**
 * Provides the {@code chain} gater ({@code --gater chain --chain-rpc URL --registry 0x...
 * --subnet-id N}): only peers registered for the subnet get in. Settings {@code gater.chain.<key>}:
 * those of {@link CachingGater} (default {@code failure-mode=fail-closed}) and those of reading the
 * registry ({@link ChainSettings#READER_KEYS}).
 */
public final class ChainGaterProvider implements GaterProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public ChainGaterProvider() {}

  @Override
  public String name() {
    return "chain";
  }

  @Override
  public Set<String> settingKeys() {
    Set<String> keys = new HashSet<>(CachingGater.KEYS);
    keys.addAll(ChainSettings.READER_KEYS);
    return Set.copyOf(keys);
  }

  @Override
  public ConnectionGater create(ProviderContext context) {
    CachingGater.Settings settings = CachingGater.Settings.from(context, FailureMode.CLOSED);
    ChainSettings chain = ChainSettings.from(context);
    return new ChainGater(RegistryFollowers.acquire(chain), settings);
  }
}
