package org.subnetp2p.node;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;

/**
 * Builds a {@link NodeConfig} from the command line's flags, the {@code SUBNET_NODE_*} environment
 * variables and a properties file, in that order of precedence, over the defaults of {@link
 * Setting}.
 *
 * <p>Every key is checked: an unknown key in the file or an unknown {@code SUBNET_NODE_*} variable
 * is an error naming it and the known keys, so that a typo never goes unnoticed. Provider settings
 * ({@code protocol.task.call-timeout}) are known only for the providers the config selects.
 */
public final class ConfigLoader {
  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private final Map<String, String> flags;
  private final Map<String, String> environment = new TreeMap<>();
  private final Optional<Path> file;
  private final Map<String, String> fileValues = new TreeMap<>();

  /**
   * Reads the config file, if the flags or the environment name one.
   *
   * @param flags values given on the command line, by key ({@code listen}); repeated flags joined
   *     with commas
   * @param environment the process environment; only {@code SUBNET_NODE_*} variables are read
   * @throws ConfigException if the config file cannot be read
   */
  public ConfigLoader(Map<String, String> flags, Map<String, String> environment) {
    this.flags = Map.copyOf(flags);
    environment.forEach(
        (k, v) -> {
          if (k.startsWith(Setting.ENV_PREFIX)) {
            this.environment.put(k, v);
          }
        });
    String path = flags.get(Setting.CONFIG.key());
    if (path == null) {
      path = this.environment.get(Setting.envName(Setting.CONFIG.key()));
    }
    this.file = Optional.ofNullable(path).filter(p -> !p.isBlank()).map(Path::of);
    file.ifPresent(this::readFile);
  }

  private void readFile(Path path) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + path + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
    }
    properties.stringPropertyNames().forEach(k -> fileValues.put(k, properties.getProperty(k)));
  }

  /** The log level, resolved on its own so that logging can be set up before anything logs. */
  public String logLevel() {
    Value v = value(Setting.LOG_LEVEL.key(), Setting.LOG_LEVEL.defaultValue());
    return parseLogLevel(v.source(), v.text());
  }

  /**
   * {@code value} as a log level in lower case.
   *
   * @param source names where the value came from, for the error
   * @throws ConfigException if it is not one of error, warn, info, debug, trace
   */
  public static String parseLogLevel(String source, String value) {
    String level = value.trim().toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ConfigException(
          "invalid log level \""
              + value
              + "\" in "
              + source
              + "; expected one of error, warn, info, debug, trace");
    }
    return level;
  }

  /**
   * The config: every value parsed, every provider name and key checked against {@code registry}.
   *
   * @throws ConfigException naming the first problem found
   */
  public NodeConfig load(ProviderRegistry registry) {
    NodeConfig.Builder b =
        NodeConfig.builder()
            .listen(multiaddrs(Setting.LISTEN, false))
            .bootstrap(multiaddrs(Setting.BOOTSTRAP, true))
            .identity(Path.of(text(Setting.IDENTITY)))
            .host(name(Setting.HOST))
            .protocols(names(Setting.PROTOCOLS))
            .discovery(names(Setting.DISCOVERY))
            .discoveryInterval(duration(Setting.DISCOVERY_INTERVAL))
            .gater(name(Setting.GATER))
            .logLevel(logLevel())
            .admin(admin())
            .securityProtocols(protocolIds(Setting.TRANSPORT_SECURITY_PROTOCOLS))
            .muxerProtocols(protocolIds(Setting.TRANSPORT_MUXER_PROTOCOLS))
            .subnetId(subnetId())
            .chainRpc(optionalText(Setting.CHAIN_RPC))
            .registry(optionalText(Setting.REGISTRY))
            .pubsub(value(Setting.PUBSUB.key(), Setting.PUBSUB.defaultValue()).text().trim())
            .subscribe(items(value(Setting.SUBSCRIBE.key(), Setting.SUBSCRIBE.defaultValue())));
    NodeConfig partial = b.build();
    Set<String> providerKeys =
        registry.settingKeys(
            partial.host(),
            partial.protocols(),
            partial.discovery(),
            partial.gater(),
            registry.pubSubToStart(partial).orElse(null));
    return b.providerSettings(providerSettings(providerKeys)).build();
  }

  /** Takes the provider settings from file and environment, failing on any unknown key. */
  private Map<String, String> providerSettings(Set<String> providerKeys) {
    Set<String> known = new TreeSet<>(providerKeys);
    for (Setting s : Setting.values()) {
      if (s != Setting.CONFIG) {
        known.add(s.key());
      }
    }
    for (String key : fileValues.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(
            "unknown config key \""
                + key
                + "\" in "
                + file.orElseThrow()
                + "; known: "
                + String.join(", ", known));
      }
    }
    Map<String, String> envToKey = new LinkedHashMap<>();
    known.forEach(k -> envToKey.put(Setting.envName(k), k));
    envToKey.put(Setting.envName(Setting.CONFIG.key()), Setting.CONFIG.key());
    envToKey.put(Setting.CHAIN_KEY_ENV, "(the chain key of subnet-node registry)");
    for (String name : environment.keySet()) {
      if (!envToKey.containsKey(name)) {
        throw new ConfigException(
            "unknown environment variable "
                + name
                + "; known: "
                + String.join(", ", new TreeSet<>(envToKey.keySet())));
      }
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : providerKeys) {
      Value v = value(key, null);
      if (v.text() != null) {
        settings.put(key, v.text().trim());
      }
    }
    return settings;
  }

  /** A raw value and where it came from, for messages. */
  private record Value(String text, String source) {}

  private Value value(String key, String defaultValue) {
    if (flags.containsKey(key)) {
      return new Value(flags.get(key), "--" + key);
    }
    String env = Setting.envName(key);
    if (environment.containsKey(env)) {
      return new Value(environment.get(env), env);
    }
    if (fileValues.containsKey(key)) {
      return new Value(fileValues.get(key), key + " in " + file.orElseThrow());
    }
    return new Value(defaultValue, "the default " + key);
  }

  private String text(Setting s) {
    Value v = value(s.key(), s.defaultValue());
    if (v.text().isBlank()) {
      throw new ConfigException(s.key() + " must not be empty (" + v.source() + ")");
    }
    return v.text().trim();
  }

  private String name(Setting s) {
    return text(s).toLowerCase(Locale.ROOT);
  }

  private List<String> names(Setting s) {
    return items(value(s.key(), s.defaultValue())).stream()
        .map(n -> n.toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }

  /** A non-empty list of distinct protocol ids, each starting with a slash. */
  private List<String> protocolIds(Setting s) {
    Value v = value(s.key(), s.defaultValue());
    try {
      return HostConfig.protocolList(items(v), s.key());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (" + v.source() + ")", e);
    }
  }

  private static List<String> items(Value v) {
    return Arrays.stream(v.text().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  private List<Multiaddr> multiaddrs(Setting s, boolean needPeerId) {
    Value v = value(s.key(), s.defaultValue());
    return items(v).stream().map(item -> parseMultiaddr(v.source(), item, needPeerId)).toList();
  }

  /**
   * {@code text} as a multiaddr.
   *
   * @param source names where the text came from, for the error
   * @param needPeerId whether it must end in {@code /p2p/<peer id>}
   * @throws ConfigException if it is malformed or lacks a required peer id
   */
  public static Multiaddr parseMultiaddr(String source, String text, boolean needPeerId) {
    Multiaddr address;
    try {
      address = Multiaddr.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid multiaddr in " + source + ": " + e.getMessage(), e);
    }
    if (needPeerId && address.peerId().isEmpty()) {
      throw new ConfigException(
          "invalid multiaddr in "
              + source
              + ": \""
              + text
              + "\" has no /p2p/<peer id> (the peer to reach must be named)");
    }
    return address;
  }

  private Optional<String> optionalText(Setting s) {
    String text = value(s.key(), s.defaultValue()).text().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private long subnetId() {
    Value v = value(Setting.SUBNET_ID.key(), Setting.SUBNET_ID.defaultValue());
    return parseSubnetId(v.source(), v.text());
  }

  /**
   * {@code text} as a subnet id (an integer >= 0).
   *
   * @throws ConfigException naming {@code source} otherwise
   */
  public static long parseSubnetId(String source, String text) {
    try {
      long id = Long.parseLong(text.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "invalid subnet id \"" + text + "\" in " + source + " (expected an integer >= 0)");
  }

  /**
   * {@code value} as a positive duration ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
   * {@code PT30S}), read by core's {@link Durations}, the node's one duration parser.
   *
   * @param what names the value in the error, e.g. {@code --timeout}
   * @throws ConfigException naming {@code what} otherwise
   */
  public static Duration parseDuration(String what, String value) {
    try {
      return Durations.parse(what, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private Duration duration(Setting s) {
    Value v = value(s.key(), s.defaultValue());
    return parseDuration(v.source(), v.text());
  }

  private Optional<InetSocketAddress> admin() {
    Value v = value(Setting.ADMIN.key(), Setting.ADMIN.defaultValue());
    String text = v.text().trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(loopbackAddress(text, v.source()));
  }

  /**
   * {@code host:port} (or {@code [v6]:port}) as a socket address that must be loopback: the admin
   * endpoint tells anyone who reaches it about the node's peers, so it stays on this machine.
   */
  public static InetSocketAddress loopbackAddress(String text, String source) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(
          "invalid admin address \"" + text + "\" in " + source + "; expected host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          "invalid admin address \"" + text + "\" in " + source + ": bad port");
    }
    InetAddress ip;
    try {
      ip = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "invalid admin address \"" + text + "\" in " + source + ": unknown host " + host);
    }
    if (!ip.isLoopbackAddress()) {
      throw new ConfigException(
          "admin address \""
              + text
              + "\" in "
              + source
              + " is not a loopback address; use e.g. 127.0.0.1:"
              + port);
    }
    return new InetSocketAddress(ip, port);
  }
}
