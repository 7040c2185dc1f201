/**
 * Custom request/response protocols: subclass {@link
 * org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate} with your protobuf request
 * and response types, as {@code TaskProtocol} does, and create it with {@link
 * org.subnetp2p.core.protocol.ProtocolBase#serve}.
 */
package org.subnetp2p.core.protocol;
