package org.subnetp2p.gossipsub.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.pubsub.spi.PubSubProvider;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.gossipsub.GossipSub;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.ScoreParams;
import org.subnetp2p.gossipsub.SignaturePolicy;

/**
 * Provides GossipSub to the node as the pubsub {@code gossipsub}. Its settings ({@code
 * pubsub.gossipsub.<key>}) override {@link GossipSubConfig#defaults()}: {@code d}, {@code d-low},
 * {@code d-high}, {@code d-lazy}, {@code d-out}, {@code d-score}, {@code heartbeat-interval},
 * {@code heartbeat-initial-delay}, {@code fanout-ttl}, {@code mcache-length}, {@code
 * mcache-gossip}, {@code seen-ttl}, {@code prune-backoff}, {@code unsubscribe-backoff}, {@code
 * flood-publish}, {@code do-px}, {@code max-rpc-size}, {@code max-message-size}, {@code
 * idontwant-threshold}, {@code signature-policy} ({@code strict-sign}, {@code strict-no-sign},
 * {@code lax-sign}, {@code lax-no-sign}), {@code protocols} (comma-separated ids, newest first) and
 * {@code message-rate-limit} (messages per topic per peer per second; 0 for none).
 */
public final class GossipSubProvider implements PubSubProvider {

  @Override
  public String name() {
    return "gossipsub";
  }

  @Override
  public Set<String> settingKeys() {
    return Set.of(
        "d",
        "d-low",
        "d-high",
        "d-lazy",
        "d-out",
        "d-score",
        "heartbeat-interval",
        "heartbeat-initial-delay",
        "fanout-ttl",
        "mcache-length",
        "mcache-gossip",
        "seen-ttl",
        "prune-backoff",
        "unsubscribe-backoff",
        "flood-publish",
        "do-px",
        "max-rpc-size",
        "max-message-size",
        "idontwant-threshold",
        "signature-policy",
        "protocols",
        "message-rate-limit");
  }

  @Override
  public PubSub create(Host host, PrivateKey identity, ProviderContext context) {
    return GossipSub.create(host, identity, config(context));
  }

  /** The config that {@code context}'s settings describe. */
  public static GossipSubConfig config(ProviderContext context) {
    GossipSubConfig defaults = GossipSubConfig.defaults();
    GossipSubConfig.Builder b = defaults.toBuilder();
    b.degree(
        context.positiveInt("d", defaults.d()),
        nonNegative(context, "d-low", defaults.dLow()),
        context.positiveInt("d-high", defaults.dHigh()));
    b.dLazy(nonNegative(context, "d-lazy", defaults.dLazy()));
    b.dOut(nonNegative(context, "d-out", defaults.dOut()));
    b.dScore(nonNegative(context, "d-score", defaults.dScore()));
    b.heartbeatInterval(context.duration("heartbeat-interval", defaults.heartbeatInterval()));
    b.heartbeatInitialDelay(
        context.duration("heartbeat-initial-delay", defaults.heartbeatInitialDelay()));
    b.fanoutTtl(context.duration("fanout-ttl", defaults.fanoutTtl()));
    b.mcache(
        context.positiveInt("mcache-length", defaults.mcacheLength()),
        context.positiveInt("mcache-gossip", defaults.mcacheGossip()));
    b.seenTtl(context.duration("seen-ttl", defaults.seenTtl()));
    b.pruneBackoff(context.duration("prune-backoff", defaults.pruneBackoff()));
    b.unsubscribeBackoff(context.duration("unsubscribe-backoff", defaults.unsubscribeBackoff()));
    b.floodPublish(bool(context, "flood-publish", defaults.floodPublish()));
    b.doPx(bool(context, "do-px", defaults.doPx()));
    b.maxSizes(
        context.positiveInt("max-rpc-size", defaults.maxRpcSize()),
        context.positiveInt("max-message-size", defaults.maxMessageSize()));
    b.idontwant(
        defaults.maxIDontWantMessages(),
        nonNegative(context, "idontwant-threshold", defaults.idontwantThreshold()));
    context
        .setting("signature-policy")
        .ifPresent(v -> b.signaturePolicy(policy(context.configPrefix(), v)));
    context
        .setting("protocols")
        .ifPresent(
            v ->
                b.protocols(
                    Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList()));
    int rate =
        nonNegative(
            context, "message-rate-limit", defaults.score().penalties().messagesPerSecond());
    ScoreParams score =
        defaults.score().withPenalties(defaults.score().penalties().withMessagesPerSecond(rate));
    b.score(score);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(context.configPrefix() + ": " + e.getMessage(), e);
    }
  }

  private static int nonNegative(ProviderContext context, String key, int defaultValue) {
    return parse(
        context,
        key,
        defaultValue,
        "a non-negative integer",
        v -> {
          int n = Integer.parseInt(v);
          return n >= 0 ? n : null;
        });
  }

  private static boolean bool(ProviderContext context, String key, boolean defaultValue) {
    return parse(
        context,
        key,
        defaultValue,
        "true or false",
        v -> v.equals("true") || v.equals("false") ? Boolean.parseBoolean(v) : null);
  }

  /**
   * The setting {@code key} read by {@code parser} (which answers {@code null} or throws
   * NumberFormatException for a bad value), or {@code defaultValue} when unset.
   */
  private static <T> T parse(
      ProviderContext context,
      String key,
      T defaultValue,
      String expected,
      java.util.function.Function<String, T> parser) {
    return context
        .setting(key)
        .map(
            v -> {
              T parsed;
              try {
                parsed = parser.apply(v.trim().toLowerCase(Locale.ROOT));
              } catch (NumberFormatException e) {
                parsed = null;
              }
              if (parsed == null) {
                throw new IllegalArgumentException(
                    "invalid value for "
                        + context.configPrefix()
                        + "."
                        + key
                        + ": \""
                        + v
                        + "\" (expected "
                        + expected
                        + ")");
              }
              return parsed;
            })
        .orElse(defaultValue);
  }

  private static SignaturePolicy policy(String prefix, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (SignaturePolicy p : SignaturePolicy.values()) {
      if (p.name().equals(v)) {
        return p;
      }
    }
    List<String> known =
        Arrays.stream(SignaturePolicy.values())
            .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toList();
    throw new IllegalArgumentException(
        "invalid value for "
            + prefix
            + ".signature-policy: \""
            + value
            + "\" (expected one of "
            + String.join(", ", known)
            + ")");
  }
}
