package org.subnetp2p.core.host;

/**
 * Serves inbound streams of one protocol.
 *
 * <p>The host calls {@link #handle} on a fresh virtual thread for each stream, after protocol
 * negotiation, so a handler may block. When {@code handle} returns the host closes the stream if
 * the handler did not; when it throws, the host resets the stream and logs the exception.
 */
@FunctionalInterface
public interface StreamHandler {
  /** Serves one inbound stream. */
  void handle(Stream stream) throws Exception;
}
