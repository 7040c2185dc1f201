/**
 * The libp2p transport on Netty, provided to core as the {@code netty} host provider.
 *
 * <h2>Packages, by concern</h2>
 *
 * <ul>
 *   <li>{@code tcp}: TCP addresses and channel options;
 *   <li>{@code noise}: the secure channel (Noise, also offered as {@code /pos-transport/1.0.0});
 *   <li>{@code yamux}: the stream muxer;
 *   <li>{@code multistream}: multistream-select, for the upgrade and for every stream;
 *   <li>{@code protocols}: identify, ping, perf (exported);
 *   <li>{@code host}: the {@code Host} and its connections, assembled from the above.
 * </ul>
 *
 * <p>The security and muxer packages keep the names of what they implement: each holds one
 * protocol, and a second one would get a package of its own.
 *
 * <h2>What a connection negotiates</h2>
 *
 * <p>A new TCP connection is upgraded with multistream-select twice: first the secure channel, then
 * the stream muxer. Each list comes from the {@link org.subnetp2p.core.host.HostConfig} ({@code
 * securityProtocols}, {@code muxerProtocols}; in the node, the config keys {@code
 * transport.netty.security-protocols} and {@code transport.netty.muxer-protocols}), most preferred
 * first: the dialer proposes them in that order, moving to the next when the listener answers
 * {@code na}, and fails with a {@link org.subnetp2p.core.host.DialException} naming every protocol
 * it proposed when none is accepted; the listener accepts any of them.
 *
 * <ul>
 *   <li>Security: {@code /noise} and {@code /pos-transport/1.0.0} (the default, in that order).
 *       Both are Noise {@code XX_25519_ChaChaPoly_SHA256} with the libp2p handshake payload, byte
 *       for byte; the second is the name Hypertensor's subnet-template gives it, and all a default
 *       subnet-template node offers besides {@code /secio/1.0.0}. The proof-of-stake check
 *       subnet-template runs after its handshake is a {@link
 *       org.subnetp2p.core.admission.ConnectionGater}'s job here.
 *   <li>Muxer: {@code /yamux/1.0.0} only. {@code /mplex/6.7.0} is not implemented: py-libp2p, the
 *       one implementation still offering it, lists it after Yamux in its defaults (which
 *       subnet-template keeps), so a Yamux proposal is always accepted.
 * </ul>
 *
 * <p>A config naming any other protocol is refused by {@link
 * org.subnetp2p.transport.NettyHostProvider#create}.
 */
package org.subnetp2p.transport;
