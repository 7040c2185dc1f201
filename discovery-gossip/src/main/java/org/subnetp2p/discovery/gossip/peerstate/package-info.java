/**
 * The peer-state heartbeat: the record subnet-template's {@code PeerStateDagPublisher} publishes,
 * how this node builds its own, and the intake that validates, stores and caches others', with a
 * counted reason for every refusal.
 */
package org.subnetp2p.discovery.gossip.peerstate;
