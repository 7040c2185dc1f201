package org.subnetp2p.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.subnetp2p.core.host.HostConfig;

/**
 * The node's own config keys. Each is a key of the config file ({@code listen=...}) and an
 * environment variable ({@code SUBNET_NODE_LISTEN}), and those without a dot also a flag of {@code
 * subnet-node run} ({@code --listen}); lists are comma-separated. Provider settings ({@code
 * protocol.task.call-timeout}) come on top.
 */
public enum Setting {
  /** Listen multiaddrs. */
  LISTEN("listen", "/ip4/0.0.0.0/tcp/0"),
  /** Multiaddrs dialled at start, each with {@code /p2p/<id>}. */
  BOOTSTRAP("bootstrap", ""),
  /** The identity key file, created on first run. */
  IDENTITY("identity", "./identity.key"),
  /** The host provider. */
  HOST("host", "netty"),
  /** The protocol providers. */
  PROTOCOLS("protocols", "task"),
  /** The discovery providers. */
  DISCOVERY("discovery", ""),
  /** How often discovery feeds the address book. */
  DISCOVERY_INTERVAL("discovery-interval", "10s"),
  /** The gater provider. */
  GATER("gater", "allow-all"),
  /** The log level. */
  LOG_LEVEL("log-level", "info"),
  /** The admin endpoint's loopback {@code host:port}; off when empty. */
  ADMIN("admin", ""),
  /** The subnet this node belongs to; what the chain discovery and gaters read. */
  SUBNET_ID("subnet-id", "1"),
  /** The chain's JSON-RPC endpoint, for the chain discovery and the chain and pos gaters. */
  CHAIN_RPC("chain-rpc", ""),
  /** The address of the {@code SubnetPeerRegistry} contract. */
  REGISTRY("registry", ""),
  /** The config file; a flag or environment variable only, never a key of the file itself. */
  CONFIG("config", ""),
  /** The secure channels the host negotiates, most preferred first. */
  TRANSPORT_SECURITY_PROTOCOLS(
      "transport.netty.security-protocols",
      String.join(",", HostConfig.DEFAULT_SECURITY_PROTOCOLS)),
  /** The stream muxers the host negotiates, most preferred first. */
  TRANSPORT_MUXER_PROTOCOLS(
      "transport.netty.muxer-protocols", String.join(",", HostConfig.DEFAULT_MUXER_PROTOCOLS));

  /** The prefix of the node's environment variables. */
  public static final String ENV_PREFIX = "SUBNET_NODE_";

  /**
   * The chain account's private key (hex) for {@code subnet-node registry}: an environment variable
   * only, never a flag or a key of the config file, so that it never shows in a process list.
   */
  public static final String CHAIN_KEY_ENV = ENV_PREFIX + "CHAIN_KEY";

  private final String key;
  private final String defaultValue;

  Setting(String key, String defaultValue) {
    this.key = key;
    this.defaultValue = defaultValue;
  }

  /** The key: the long flag name without dashes, e.g. {@code log-level}. */
  public String key() {
    return key;
  }

  /** The default, as text; empty for none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** The flag, e.g. {@code --log-level}. */
  public String flag() {
    return "--" + key;
  }

  /** The environment variable of {@code key}, e.g. {@code SUBNET_NODE_LOG_LEVEL}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** The setting with {@code key}, if any. */
  public static Optional<Setting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
