/**
 * Signed records a peer makes about itself: the signed envelope of libp2p RFC 0002 and the peer
 * record of RFC 0003 ({@code libp2p-peer-record}), as identify, Kademlia and GossipSub carry them.
 * A record proves that the peer it names made it, so addresses learned from others can be trusted
 * only as far as their signature goes.
 */
package org.subnetp2p.core.record;
