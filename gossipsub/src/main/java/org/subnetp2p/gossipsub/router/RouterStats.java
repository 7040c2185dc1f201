package org.subnetp2p.gossipsub.router;

import org.subnetp2p.gossipsub.GossipSubStats;

/** The router's counters, updated on its loop. */
final class RouterStats {
  long messagesReceived;
  long duplicates;
  long notSubscribed;
  long accepted;
  long rejected;
  long ignored;
  long throttled;
  long delivered;
  long published;
  long forwarded;
  long idontwantSent;
  long idontwantSkips;
  long ihaveSent;
  long iwantServed;
  long graylistedRpcs;
  long malformedRpcs;
  long oversizedGossip;
  long unknownTopicGrafts;
  long backoffGrafts;
  long brokenPromises;
  long rateExcess;
  long opportunisticGrafts;

  GossipSubStats snapshot() {
    return new GossipSubStats(
        messagesReceived,
        duplicates,
        notSubscribed,
        accepted,
        rejected,
        ignored,
        throttled,
        delivered,
        published,
        forwarded,
        idontwantSent,
        idontwantSkips,
        ihaveSent,
        iwantServed,
        graylistedRpcs,
        malformedRpcs,
        oversizedGossip,
        unknownTopicGrafts,
        backoffGrafts,
        brokenPromises,
        rateExcess,
        opportunisticGrafts);
  }
}
