/**
 * The Kademlia DHT of libp2p ({@code /ipfs/kad/1.0.0}), built on core's {@code Host} API only.
 * {@link org.subnetp2p.kademlia.KadDht} finds peers by asking neighbours ({@code FIND_NODE}),
 * stores and fetches records ({@code PUT_VALUE}/{@code GET_VALUE}, validated per namespace, {@code
 * pk} built in), announces and finds providers ({@code ADD_PROVIDER}/{@code GET_PROVIDERS}) and
 * answers {@code PING}. {@link org.subnetp2p.kademlia.KadDiscovery} offers it to a node as the
 * {@code dht} discovery ({@code --discovery dht}).
 *
 * <h2>The algorithm</h2>
 *
 * <ul>
 *   <li>Distance is the XOR of SHA-256 of the keys' bytes (for a peer, of its id's multihash),
 *       compared as unsigned 256-bit numbers. The routing table has one bucket of k = 20 peers per
 *       shared prefix length, each with a replacement cache of 20.
 *   <li>A lookup asks α = 3 peers at a time, always the closest not yet asked, and ends when the k
 *       closest peers seen have all answered or failed. Each request has 10 s, dial included; the
 *       lookup 30 s. A peer that fails is evicted from the table and replaced from its bucket's
 *       replacement cache. Disjoint paths (S/Kademlia) are available, off by default. Lookups
 *       report their progress (peers asked, answers, failures, hops) as they go.
 *   <li>Only peers that announce the protocol through identify join the table: servers. A client
 *       neither serves nor announces it. The mode is automatic by default: server when the host has
 *       a publicly routable listen address.
 *   <li>The table is refreshed by random walks — a lookup of our own id and of a random key per
 *       bucket — once the first peer is known and then every 5 minutes.
 * </ul>
 *
 * <h2>Bounds</h2>
 *
 * Requests are refused beyond 16 KiB and answers beyond 128 KiB, from their length prefix, before
 * any of it is read. At most 20 peers are read from an answer's lists and 10 addresses kept per
 * peer. Each peer may make 20 requests per second (bursts of 40) over at most 16 streams at once,
 * all peers together 512 streams. Stored records, provider records and remembered peers are capped
 * in number. A request the server cannot serve resets only its own stream.
 *
 * <h2>Meeting py-libp2p (the Python subnet template's DHT)</h2>
 *
 * Facts read in py-libp2p's {@code libp2p/kad_dht} at the commit subnet-template pins (c4abd7c) and
 * checked by running it:
 *
 * <ul>
 *   <li><b>One frame per message.</b> Its server reads the varint length prefix, then the body in a
 *       single read, and takes what that read returns as the whole message. Every message is
 *       therefore written with its prefix in one write ({@code wire.Frames}), which leaves in one
 *       frame.
 *   <li><b>It closes the stream after its answer.</b> Our client sends one request per stream and
 *       closes it after the answer; our server still answers further requests on a stream, as the
 *       spec asks, until the caller closes it.
 *   <li><b>It adds a requester to its table only if it already has the requester's addresses.</b>
 *       Our identify announces our listen addresses, and every message we send carries our signed
 *       peer record, so it has them.
 *   <li><b>It orders some answers by SHA-256(id) XOR the un-hashed key.</b> That changes only the
 *       order of the peers it returns. We never trust an answer's order: every distance is computed
 *       here.
 *   <li><b>Signed peer records, all or nothing.</b> It attaches signed peer records (RFC 0003
 *       envelopes) to answer entries (field 4, {@code signedRecord}) and to the whole message
 *       (field 11, {@code senderRecord}), and drops a whole message whose record does not verify.
 *       We send only records that verify: our own, signed with the host key ({@code
 *       Host.signedPeerRecord()}), and others' exactly as we received and verified them. A record
 *       we receive is verified before it is used or relayed — lazily, when its peer is about to be
 *       dialled, since a signature check costs more than the rest of an answer; one that does not
 *       verify, or names another peer, is dropped, and the entry's plain addresses count as they
 *       would without it.
 *   <li><b>Its addresses end in {@code /p2p/<id>}.</b> The suffix is stripped; an address naming
 *       another peer is dropped.
 * </ul>
 *
 * <p>js-libp2p ({@code @libp2p/kad-dht}) speaks the same messages without signed records, sends
 * {@code ADD_PROVIDER} without waiting for an answer (py acknowledges it; both are accepted) and,
 * with its default address mapper, drops loopback and private addresses from what it tells others.
 */
package org.subnetp2p.kademlia;
