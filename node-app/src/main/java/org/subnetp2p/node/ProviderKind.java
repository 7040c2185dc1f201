package org.subnetp2p.node;

/** The kinds of provider a node is assembled from, each selected by name in the config. */
public enum ProviderKind {
  /** The libp2p host ({@code host=netty}); its settings are {@code transport.netty.*}. */
  HOST("transport", "host provider"),
  /** A protocol served and called ({@code protocols=task}). */
  PROTOCOL("protocol", "protocol"),
  /** Multiaddress discovery ({@code discovery=chain}). */
  DISCOVERY("discovery", "discovery provider"),
  /** Admission ({@code gater=allow-all}). */
  GATER("gater", "gater"),
  /** Publish/subscribe ({@code pubsub=gossipsub}). */
  PUBSUB("pubsub", "pubsub provider");

  private final String prefix;
  private final String label;

  ProviderKind(String prefix, String label) {
    this.prefix = prefix;
    this.label = label;
  }

  /** The config prefix of this kind's settings: {@code discovery} in {@code discovery.chain.x}. */
  public String prefix() {
    return prefix;
  }

  /** The config prefix of the settings of provider {@code name}, e.g. {@code discovery.chain}. */
  public String prefix(String name) {
    return prefix + "." + name;
  }

  /** How messages name this kind, e.g. {@code protocol} in {@code unknown protocol "foo"}. */
  public String label() {
    return label;
  }
}
