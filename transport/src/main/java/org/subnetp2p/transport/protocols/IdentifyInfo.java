package org.subnetp2p.transport.protocols;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * What a peer told us about itself through identify.
 *
 * @param peer the peer, whose connection authenticated it
 * @param listenAddresses where it says it can be dialled
 * @param protocols the protocols it serves
 * @param observedAddress our address as the peer sees it, if it said
 * @param agentVersion its implementation, free text
 * @param protocolVersion its protocol family, free text
 */
public record IdentifyInfo(
    PeerId peer,
    List<Multiaddr> listenAddresses,
    Set<String> protocols,
    Optional<Multiaddr> observedAddress,
    String agentVersion,
    String protocolVersion) {}
