package org.subnetp2p.discovery.chain.rpc;

/**
 * One event of the registry contract for a subnet, in chain order ({@link #block()}, then {@link
 * #logIndex()}).
 */
public sealed interface RegistryChange {
  /** The block that holds the event. */
  long block();

  /** The event's position in its block. */
  long logIndex();

  /** The peer id text the event names. */
  String peerId();

  /** {@code PeerRegistered}. */
  record Registered(long block, long logIndex, String peerId, byte[] multiaddr)
      implements RegistryChange {}

  /** {@code PeerUpdated}. */
  record Updated(long block, long logIndex, String peerId, byte[] multiaddr)
      implements RegistryChange {}

  /** {@code PeerRemoved}. */
  record Removed(long block, long logIndex, String peerId) implements RegistryChange {}

  /** A log from the registry's address that does not decode as any of its events. */
  record Undecodable(long block, long logIndex, String peerId) implements RegistryChange {}
}
