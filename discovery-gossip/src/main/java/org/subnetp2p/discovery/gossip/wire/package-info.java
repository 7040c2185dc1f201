/**
 * subnet-template's DAG wire messages ({@code subnet/merkle_dag/models.py}): the node gossip and
 * head announcements published on the topic, and the inventory and fetch requests and responses of
 * the sync protocol, all as canonical JSON objects told apart by their {@code kind}.
 */
package org.subnetp2p.discovery.gossip.wire;
