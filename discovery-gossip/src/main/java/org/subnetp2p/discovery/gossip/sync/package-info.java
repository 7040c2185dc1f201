/**
 * {@code /subnet/merkle_dag_sync_protocol/1.0.0}, subnet-template's DAG sync: one request and one
 * response per stream, each an unsigned-varint length and canonical JSON. The server answers
 * inventory and fetch requests from the DAG store; the synchronizer uses them to learn a peer's
 * records when it connects and to fetch the parents of received records.
 */
package org.subnetp2p.discovery.gossip.sync;
