package org.subnetp2p.transport.host;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.subnetp2p.core.host.HostConfig;

/** The security protocols and stream muxers this transport can negotiate. */
public final class UpgradeProtocols {
  /** Noise XX under its libp2p name and under Hypertensor's name for it. */
  public static final Set<String> SECURITY = Set.of("/noise", "/pos-transport/1.0.0");

  /**
   * Yamux only. py-libp2p also offers {@code /mplex/6.7.0}, but after {@code /yamux/1.0.0}: a
   * default py-libp2p or subnet-template node always accepts Yamux, so Mplex would never be used.
   */
  public static final Set<String> MUXERS = Set.of("/yamux/1.0.0");

  private UpgradeProtocols() {}

  /**
   * Checks that this transport implements every protocol {@code config} lists.
   *
   * @throws IllegalArgumentException naming the first one it does not, and those it does
   */
  public static void check(HostConfig config) {
    check(config.securityProtocols(), SECURITY, "security protocol");
    check(config.muxerProtocols(), MUXERS, "stream muxer");
  }

  private static void check(List<String> configured, Set<String> supported, String kind) {
    for (String id : configured) {
      if (!supported.contains(id)) {
        throw new IllegalArgumentException(
            kind
                + " \""
                + id
                + "\" is not supported by the netty host; supported: "
                + String.join(", ", new TreeSet<>(supported)));
      }
    }
  }
}
