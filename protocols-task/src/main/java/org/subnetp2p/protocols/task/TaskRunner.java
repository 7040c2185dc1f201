package org.subnetp2p.protocols.task;

/**
 * The work a peer does when another peer sends it a task. Plug your own into {@link TaskProtocol};
 * it runs on a virtual thread, so it may block.
 */
@FunctionalInterface
public interface TaskRunner {

  /**
   * The seed's example task: the payload upper-cased (ASCII letters only, bytes otherwise kept).
   */
  TaskRunner UPPER_CASE =
      (taskId, payload) -> {
        byte[] out = payload.clone();
        for (int i = 0; i < out.length; i++) {
          if (out[i] >= 'a' && out[i] <= 'z') {
            out[i] = (byte) (out[i] - 32);
          }
        }
        return out;
      };

  /**
   * Runs task {@code taskId} on {@code payload} and returns its result. Throwing reports the
   * failure to the caller as {@code TaskResponse{accepted=false, error=...}}.
   */
  byte[] run(String taskId, byte[] payload) throws Exception;
}
