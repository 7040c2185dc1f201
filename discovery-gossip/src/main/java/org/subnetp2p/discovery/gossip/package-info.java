/**
 * The {@code gossip} discovery ({@link org.subnetp2p.discovery.gossip.GossipDiscovery}), its
 * provider, settings and what it reports.
 */
package org.subnetp2p.discovery.gossip;
