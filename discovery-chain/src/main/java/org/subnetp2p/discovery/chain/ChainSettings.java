package org.subnetp2p.discovery.chain;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.rpc.RegistryContract;

/**
 * Where the registry is and how to follow it. The node-wide settings {@code chain-rpc}, {@code
 * registry} and {@code subnet-id} (flags {@code --chain-rpc}, {@code --registry}, {@code
 * --subnet-id}) say which registry; the provider's own settings say how to read it.
 *
 * @param rpcUrl the chain's JSON-RPC endpoint (HTTP)
 * @param registry the {@code SubnetPeerRegistry} contract address, lower case
 * @param subnetId the subnet whose peers are read
 * @param confirmations how deep a block must be before its events count (default 2)
 * @param pollInterval how often the head is checked for new blocks (default 2 s)
 * @param rpcTimeout the limit of one RPC call (default 10 s)
 * @param maxPeers the most records kept; beyond, records are skipped and counted (default 50,000)
 * @param pageSize records per {@code listPeers} call when loading (default 500)
 * @param logRange blocks per {@code eth_getLogs} call (default 2,000)
 * @param maxBackoff the longest wait between retries while the RPC fails (default 30 s)
 */
public record ChainSettings(
    URI rpcUrl,
    String registry,
    BigInteger subnetId,
    int confirmations,
    Duration pollInterval,
    Duration rpcTimeout,
    int maxPeers,
    int pageSize,
    int logRange,
    Duration maxBackoff) {

  /** The node-wide keys: {@code --chain-rpc}, {@code --registry}, {@code --subnet-id}. */
  public static final String CHAIN_RPC = "chain-rpc";

  /** The registry contract's address. */
  public static final String REGISTRY = "registry";

  /** The subnet id, default 1. */
  public static final String SUBNET_ID = "subnet-id";

  /** The provider's own keys that shape reading. */
  public static final Set<String> READER_KEYS =
      Set.of(
          "confirmations",
          "poll-interval",
          "rpc-timeout",
          "max-peers",
          "page-size",
          "log-range",
          "max-backoff");

  /** Checks ranges. */
  public ChainSettings {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    registry = RegistryContract.checkAddress(registry);
    Objects.requireNonNull(subnetId, "subnetId");
    if (confirmations < 0 || confirmations > 1000) {
      throw new IllegalArgumentException("confirmations must be 0 to 1000, not " + confirmations);
    }
    if (pageSize > 1000) {
      throw new IllegalArgumentException("page-size must be at most 1000 (the contract's page)");
    }
  }

  /** Reads the settings of the provider {@code context} was made for. */
  public static ChainSettings from(ProviderContext context) {
    String prefix = context.configPrefix();
    URI rpc = rpcUrl(context);
    String registry =
        context
            .nodeSetting(REGISTRY)
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        prefix + " needs --registry 0xADDRESS (the SubnetPeerRegistry contract)"));
    int confirmations =
        context
            .setting("confirmations")
            .map(v -> nonNegative(prefix + ".confirmations", v))
            .orElse(2);
    return new ChainSettings(
        rpc,
        registry.trim(),
        subnetId(context),
        confirmations,
        context.duration("poll-interval", Duration.ofSeconds(2)),
        context.duration("rpc-timeout", Duration.ofSeconds(10)),
        context.positiveInt("max-peers", 50_000),
        context.positiveInt("page-size", 500),
        context.positiveInt("log-range", 2_000),
        context.duration("max-backoff", Duration.ofSeconds(30)));
  }

  /** The node-wide {@code chain-rpc} URL; required. */
  public static URI rpcUrl(ProviderContext context) {
    String text =
        context
            .nodeSetting(CHAIN_RPC)
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        context.configPrefix() + " needs --chain-rpc URL (the chain's JSON-RPC)"));
    return parseUrl(text.trim());
  }

  /** The node-wide {@code subnet-id}; 1 when unset. */
  public static BigInteger subnetId(ProviderContext context) {
    String text = context.nodeSetting(SUBNET_ID).orElse("1").trim();
    try {
      BigInteger id = new BigInteger(text);
      if (id.signum() >= 0 && id.bitLength() <= 64) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "invalid value for subnet-id: \"" + text + "\" (expected a non-negative integer)");
  }

  /** {@code text} as an HTTP(S) URL. */
  public static URI parseUrl(String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "invalid chain RPC URL \"" + text + "\" (expected http://host:port or https://...)");
  }

  private static int nonNegative(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "invalid value for " + key + ": \"" + value + "\" (expected a non-negative integer)");
  }
}
