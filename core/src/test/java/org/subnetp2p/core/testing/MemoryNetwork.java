package org.subnetp2p.core.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * In-memory hosts that reach each other without sockets, for unit tests of protocol logic. Each
 * host gets a made-up loopback TCP address that only this network resolves.
 */
public final class MemoryNetwork {
  private final Map<PeerId, MemoryHost> hosts = new ConcurrentHashMap<>();
  private final AtomicInteger nextPort = new AtomicInteger(40000);

  /** A new host with identity {@code peer}. */
  public MemoryHost newHost(PeerId peer) {
    Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + nextPort.getAndIncrement());
    MemoryHost host = new MemoryHost(this, peer, address);
    hosts.put(peer, host);
    return host;
  }

  MemoryHost find(PeerId peer) {
    return hosts.get(peer);
  }

  void remove(PeerId peer) {
    hosts.remove(peer);
  }
}
