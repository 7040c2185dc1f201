package org.subnetp2p.kademlia;

/**
 * What a {@link KadDht} did on the wire so far.
 *
 * @param requestsSent requests we sent
 * @param requestsFailed requests of ours that failed: unreachable peer, no or a bad answer, timeout
 * @param badAnswers answers we refused: too large, undecodable, of the wrong type
 * @param inboundAnswered inbound requests answered
 * @param inboundOverLimit inbound streams refused: a peer, or all peers, held too many open
 * @param inboundRateLimited inbound requests refused: their peer exceeded its request rate
 * @param inboundRejected inbound streams reset for bad input: too large, undecodable, unknown type,
 *     invalid record, or a deadline passed
 * @param routingTableSize peers in the routing table now
 */
public record KadStats(
    long requestsSent,
    long requestsFailed,
    long badAnswers,
    long inboundAnswered,
    long inboundOverLimit,
    long inboundRateLimited,
    long inboundRejected,
    int routingTableSize) {}
