package org.subnetp2p.core.host;

/** Who opened a connection or a stream. */
public enum Direction {
  /** The remote peer dialled us, or opened the stream. */
  INBOUND,
  /** We dialled the remote peer, or opened the stream. */
  OUTBOUND
}
