/**
 * Custom request/response protocols: subclass {@link
 * org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate} with your protobuf request
 * and response types, as {@code TaskProtocol} does.
 */
package org.subnetp2p.core.protocol;
