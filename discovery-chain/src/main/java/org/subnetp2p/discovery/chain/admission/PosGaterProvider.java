package org.subnetp2p.discovery.chain.admission;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.admission.spi.GaterProvider;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;

/**
 * Provides the {@code pos} gater ({@code --gater pos --chain-rpc URL --subnet-id N}), Hypertensor's
 * proof-of-stake check on the Substrate RPC at {@code --chain-rpc}. Settings {@code
 * gater.pos.<key>}: those of {@link CachingGater} (default {@code failure-mode=fail-open}, as
 * subnet-template), {@code min-class} (default 0, Registered, as subnet-template) and {@code
 * rpc-timeout} (default 10 s).
 */
public final class PosGaterProvider implements GaterProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public PosGaterProvider() {}

  @Override
  public String name() {
    return "pos";
  }

  @Override
  public Set<String> settingKeys() {
    Set<String> keys = new HashSet<>(CachingGater.KEYS);
    keys.add("min-class");
    keys.add("rpc-timeout");
    return Set.copyOf(keys);
  }

  @Override
  public ConnectionGater create(ProviderContext context) {
    CachingGater.Settings settings = CachingGater.Settings.from(context, FailureMode.OPEN);
    BigInteger subnet = ChainSettings.subnetId(context);
    if (subnet.bitLength() > 32) {
      throw new IllegalArgumentException("subnet-id must fit Hypertensor's u32, not " + subnet);
    }
    int minClass =
        context
            .setting("min-class")
            .map(
                v -> {
                  try {
                    int n = Integer.parseInt(v.trim());
                    if (n >= 0 && n <= 255) {
                      return n;
                    }
                  } catch (NumberFormatException e) {
                    // reported below
                  }
                  throw new IllegalArgumentException(
                      "invalid value for "
                          + context.configPrefix()
                          + ".min-class: \""
                          + v
                          + "\" (expected 0 to 255: 0 Registered, 1 Idle, 2 Included, 3"
                          + " Validator)");
                })
            .orElse(0);
    ChainRpc rpc =
        ChainRpc.connect(
            ChainSettings.rpcUrl(context),
            context.duration("rpc-timeout", java.time.Duration.ofSeconds(10)));
    return new PosGater(
        rpc, new ProofOfStakeRpc(rpc, subnet, minClass), subnet.toString(), settings);
  }
}
