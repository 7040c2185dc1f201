package org.subnetp2p.discovery.chain.rpc;

import java.io.IOException;

/**
 * A chain RPC failed: unreachable, timed out, answered with an error, or answered something that is
 * not what the call returns. The message says which, without echoing what the endpoint sent.
 */
public class RpcException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in words. */
  public RpcException(String message) {
    super(message);
  }

  /** What went wrong, with the cause. */
  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
