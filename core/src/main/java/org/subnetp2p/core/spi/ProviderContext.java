package org.subnetp2p.core.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.Signer;
import org.subnetp2p.core.pubsub.PubSub;

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
        .map(v -> Durations.parse(configPrefix() + "." + key, v))
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
   * subnet-id}, {@code discovery-interval}, and when set {@code chain-rpc} and {@code registry}.
   * Empty for a context made without them.
   */
  default Map<String, String> nodeSettings() {
    return Map.of();
  }

  /** The node-wide setting {@code key} (e.g. {@code subnet-id}), if set. */
  default Optional<String> nodeSetting(String key) {
    return Optional.ofNullable(nodeSettings().get(key));
  }

  /**
   * The node-wide setting {@code key} (e.g. {@code discovery-interval}) as a duration, or {@code
   * defaultValue} when unset.
   *
   * @throws IllegalArgumentException naming the key if the value is not a positive duration
   */
  default Duration nodeDuration(String key, Duration defaultValue) {
    return nodeSetting(key).map(v -> Durations.parse(key, v)).orElse(defaultValue);
  }

  /**
   * The node's publish/subscribe, for providers built on it (such as the GossipSub heartbeat
   * discovery); empty when the node runs none. A discovery provider that needs one says so with
   * {@link org.subnetp2p.core.discovery.spi.DiscoveryProvider#requiresPubSub()}.
   */
  default Optional<PubSub> pubSub() {
    return Optional.empty();
  }

  /**
   * Signs in the node's name with its identity key, for providers that publish records the node
   * must sign (the GossipSub heartbeat's peer-state records); empty for a context made without one.
   * Providers get a signer rather than the {@link org.subnetp2p.core.identity.PrivateKey}: they can
   * sign as the node but cannot export, store or log its key.
   */
  default Optional<Signer> signer() {
    return Optional.empty();
  }

  /** A context for a provider under {@code configPrefix} with {@code settings}. */
  static ProviderContext of(PeerId localPeerId, String configPrefix, Map<String, String> settings) {
    return of(localPeerId, configPrefix, settings, Map.of(), null);
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
    return of(localPeerId, configPrefix, settings, nodeSettings, null);
  }

  /**
   * A context for a provider under {@code configPrefix} with {@code settings} and the node's {@code
   * pubSub} ({@code null} for none).
   */
  static ProviderContext of(
      PeerId localPeerId,
      String configPrefix,
      Map<String, String> settings,
      @Nullable PubSub pubSub) {
    return of(localPeerId, configPrefix, settings, Map.of(), pubSub);
  }

  /**
   * A context for a provider under {@code configPrefix} with {@code settings}, the node-wide {@code
   * nodeSettings} and the node's {@code pubSub} ({@code null} for none).
   */
  static ProviderContext of(
      PeerId localPeerId,
      String configPrefix,
      Map<String, String> settings,
      Map<String, String> nodeSettings,
      @Nullable PubSub pubSub) {
    return of(localPeerId, configPrefix, settings, nodeSettings, pubSub, null);
  }

  /**
   * A context for a provider under {@code configPrefix} with {@code settings}, the node-wide {@code
   * nodeSettings}, the node's {@code pubSub} and the {@code signer} of its identity ({@code null}
   * for none of either).
   *
   * @throws IllegalArgumentException if {@code signer} does not sign as {@code localPeerId}
   */
  static ProviderContext of(
      PeerId localPeerId,
      String configPrefix,
      Map<String, String> settings,
      Map<String, String> nodeSettings,
      @Nullable PubSub pubSub,
      @Nullable Signer signer) {
    Objects.requireNonNull(localPeerId, "localPeerId");
    if (signer != null && !PeerId.fromPublicKey(signer.publicKey()).equals(localPeerId)) {
      throw new IllegalArgumentException("the signer is not the local peer's");
    }
    return new SimpleProviderContext(
        localPeerId,
        Objects.requireNonNull(configPrefix, "configPrefix"),
        Map.copyOf(settings),
        Map.copyOf(nodeSettings),
        pubSub,
        signer);
  }
}
