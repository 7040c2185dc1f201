/**
 * libp2p identities: key pairs in the encodings of the peer-ids spec, peer ids derived from public
 * keys, and the private-key file a node keeps its identity in.
 */
package org.subnetp2p.core.identity;
