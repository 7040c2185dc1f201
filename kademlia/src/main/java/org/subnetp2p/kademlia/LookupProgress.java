package org.subnetp2p.kademlia;

import java.time.Duration;

/**
 * How far a lookup got: reported after each answer, and once more when it ends.
 *
 * @param queried requests sent so far (one per peer asked)
 * @param answered peers that answered
 * @param failed peers that failed or timed out
 * @param inFlight requests awaiting an answer
 * @param rounds the deepest hop reached: peers from our routing table are hop 1, peers they named
 *     hop 2, and so on
 * @param elapsed time since the lookup started
 */
public record LookupProgress(
    int queried, int answered, int failed, int inFlight, int rounds, Duration elapsed) {}
