package org.subnetp2p.kademlia;

/**
 * Whether the DHT serves others. Both modes query; only a server answers and is added to others'
 * routing tables.
 */
public enum KadMode {
  /** Serves {@code /ipfs/kad/1.0.0} and announces it through identify, so others add us. */
  SERVER,
  /** Queries only: the protocol is neither served nor announced. */
  CLIENT,
  /**
   * {@link #SERVER} when the host has a publicly routable listen address at start, {@link #CLIENT}
   * otherwise (loopback, private and link-local addresses, or none). Subnet nodes on a private
   * network should choose {@link #SERVER}.
   */
  AUTO
}
