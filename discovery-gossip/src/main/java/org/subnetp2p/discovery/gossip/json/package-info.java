/**
 * JSON as subnet-template hashes and signs it: a strict parser into plain Java values and a writer
 * producing Python's {@code json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True)}
 * byte for byte.
 */
package org.subnetp2p.discovery.gossip.json;
