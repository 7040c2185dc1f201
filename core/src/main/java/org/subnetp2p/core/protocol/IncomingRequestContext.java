package org.subnetp2p.core.protocol;

import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Who is asking, handed to {@link ProtobufRequestResponseProtocolTemplate#handleRequest} with each
 * request.
 *
 * @param peerId the caller, authenticated by the security handshake
 * @param protocolId the protocol the request came in on
 * @param remoteAddress the caller's address as this host sees it
 * @param stream the stream the request came in on; the template writes the response to it, so a
 *     handler should not write to it
 */
public record IncomingRequestContext(
    PeerId peerId, String protocolId, Multiaddr remoteAddress, Stream stream) {

  /** The context of a request that arrived on {@code stream}. */
  public static IncomingRequestContext of(Stream stream) {
    Connection c = stream.connection();
    return new IncomingRequestContext(c.remotePeer(), stream.protocol(), c.remoteAddress(), stream);
  }
}
