package org.subnetp2p.discovery.gossip.json;

/** JSON's {@code null}, so that maps and lists of parsed values never hold Java nulls. */
public enum JsonNull {
  /** The one null value. */
  INSTANCE
}
