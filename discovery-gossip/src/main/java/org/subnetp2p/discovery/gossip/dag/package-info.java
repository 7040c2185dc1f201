/**
 * subnet-template's Merkle DAG nodes: header and body, their hashing and Ed25519 signing over
 * canonical JSON, validation, and a bounded store that answers the sync protocol.
 */
package org.subnetp2p.discovery.gossip.dag;
