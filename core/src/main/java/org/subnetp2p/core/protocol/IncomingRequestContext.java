package org.subnetp2p.core.protocol;

import java.time.Instant;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Who is asking, handed to {@link ProtobufRequestResponseProtocolTemplate#handleRequest} with each
 * request. The stream itself stays with the template, which reads the request and writes the
 * response.
 *
 * @param peerId the caller, authenticated by the security handshake
 * @param protocolId the protocol the request came in on
 * @param remoteAddress the caller's address as this host sees it
 * @param direction who opened the connection the request came in on: {@link Direction#INBOUND} when
 *     the caller dialled us
 * @param deadline when the template gives up on this request: past it the stream is reset and a
 *     handler still running is interrupted (see {@link RequestResponseOptions#inboundTimeout()});
 *     check it before long work
 */
public record IncomingRequestContext(
    PeerId peerId,
    String protocolId,
    Multiaddr remoteAddress,
    Direction direction,
    Instant deadline) {}
