package org.subnetp2p.gossipsub;

/**
 * The router's counters since it started, for tests, metrics and benchmarks.
 *
 * @param messagesReceived messages received, duplicates included
 * @param duplicates copies of messages already seen
 * @param notSubscribed messages on topics this node does not subscribe to (dropped)
 * @param accepted messages that passed validation
 * @param rejected messages rejected (signature, size, validators)
 * @param ignored messages a validator ignored
 * @param throttled messages dropped for lack of validation capacity
 * @param delivered messages handed to local subscriptions
 * @param published messages published by this node
 * @param forwarded message copies sent to mesh and floodsub peers
 * @param idontwantSent IDONTWANT copies sent
 * @param idontwantSkips forwards skipped because the peer sent IDONTWANT
 * @param ihaveSent IHAVE messages emitted
 * @param iwantServed messages sent in answer to IWANT
 * @param graylistedRpcs RPCs ignored because their sender was graylisted
 * @param malformedRpcs RPCs dropped for breaking a decoding limit in the router
 * @param oversizedGossip IHAVE or IWANT messages above the id limit
 * @param unknownTopicGrafts GRAFTs for topics this node does not subscribe to
 * @param backoffGrafts GRAFTs received during a backoff
 * @param brokenPromises IHAVE promises broken
 * @param rateExcess events beyond a spam guard's rate
 * @param opportunisticGrafts peers grafted opportunistically
 */
public record GossipSubStats(
    long messagesReceived,
    long duplicates,
    long notSubscribed,
    long accepted,
    long rejected,
    long ignored,
    long throttled,
    long delivered,
    long published,
    long forwarded,
    long idontwantSent,
    long idontwantSkips,
    long ihaveSent,
    long iwantServed,
    long graylistedRpcs,
    long malformedRpcs,
    long oversizedGossip,
    long unknownTopicGrafts,
    long backoffGrafts,
    long brokenPromises,
    long rateExcess,
    long opportunisticGrafts) {}
