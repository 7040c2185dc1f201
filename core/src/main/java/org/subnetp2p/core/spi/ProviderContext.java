package org.subnetp2p.core.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;

/**
 * What a provider is created with: the local peer id and its own settings.
 *
 * <p>The typed getters fail with an {@link IllegalArgumentException} naming the full config key, so
 * a bad value reads the same whichever provider it belongs to.
 */
public interface ProviderContext {

  /** The peer id of the node the provider is created for. */
  PeerId localPeerId();

  /**
   * The config prefix of this provider's settings, its kind and name without the final dot, e.g.
   * {@code discovery.chain}.
   */
  String configPrefix();

  /**
   * This provider's settings, keyed without the prefix ({@code rpc-url}, not {@code
   * discovery.chain.rpc-url}); only keys the provider declared in {@link
   * NamedProvider#settingKeys()}.
   */
  Map<String, String> settings();

  /** The setting {@code key}, if set. */
  default Optional<String> setting(String key) {
    return Optional.ofNullable(settings().get(key));
  }

  /**
   * The setting {@code key} as a duration ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or
   * ISO-8601 like {@code PT30S}), or {@code defaultValue} when unset.
   *
   * @throws IllegalArgumentException naming the full key if the value is not a positive duration
   */
  default Duration duration(String key, Duration defaultValue) {
    return setting(key)
        .map(v -> SettingValues.duration(configPrefix() + "." + key, v))
        .orElse(defaultValue);
  }

  /**
   * The setting {@code key} as a positive integer, or {@code defaultValue} when unset.
   *
   * @throws IllegalArgumentException naming the full key if the value is not a positive integer
   */
  default int positiveInt(String key, int defaultValue) {
    return setting(key)
        .map(v -> SettingValues.positiveInt(configPrefix() + "." + key, v))
        .orElse(defaultValue);
  }

  /**
   * The node-wide settings every provider may read, keyed as the node's own config keys: {@code
   * subnet-id}, and when set {@code chain-rpc} and {@code registry}. Empty for a context made
   * without them.
   */
  default Map<String, String> nodeSettings() {
    return Map.of();
  }

  /** The node-wide setting {@code key} (e.g. {@code subnet-id}), if set. */
  default Optional<String> nodeSetting(String key) {
    return Optional.ofNullable(nodeSettings().get(key));
  }

  /** A context for a provider under {@code configPrefix} with {@code settings}. */
  static ProviderContext of(PeerId localPeerId, String configPrefix, Map<String, String> settings) {
    return of(localPeerId, configPrefix, settings, Map.of());
  }

  /**
   * A context for a provider under {@code configPrefix} with {@code settings} and the node-wide
   * {@code nodeSettings}.
   */
  static ProviderContext of(
      PeerId localPeerId,
      String configPrefix,
      Map<String, String> settings,
      Map<String, String> nodeSettings) {
    return new SimpleProviderContext(
        Objects.requireNonNull(localPeerId, "localPeerId"),
        Objects.requireNonNull(configPrefix, "configPrefix"),
        Map.copyOf(settings),
        Map.copyOf(nodeSettings));
  }
}
