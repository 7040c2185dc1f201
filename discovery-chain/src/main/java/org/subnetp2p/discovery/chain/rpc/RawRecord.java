package org.subnetp2p.discovery.chain.rpc;

/**
 * A registry record as the chain holds it, not yet validated: the peer id as text and the multiaddr
 * bytes, both as the registrant wrote them.
 */
public record RawRecord(String peerId, byte[] multiaddr) {}
