package org.subnetp2p.bench.peer;

import java.util.ArrayList;
import java.util.List;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskRunner;
import org.subnetp2p.transport.host.NettyHost;

/**
 * The Java side of the end-to-end benchmarks: a {@link NettyHost} serving the task protocol (and
 * perf, ping, identify, which every host serves), driven by the same JSON lines on stdin as {@code
 * interop/js-peer}, so the runner treats both implementations alike.
 *
 * <pre>java -cp benchmarks.jar org.subnetp2p.bench.peer.JavaPeer [--listen MULTIADDR ...]</pre>
 *
 * <p>Limits are raised as the js peer raises js-libp2p's: a benchmark client has 64 calls in flight
 * on one connection, above the template's default of 32 served at once per peer (the others would
 * wait their turn, which the comparison with js-libp2p should not measure).
 */
public final class JavaPeer {
  /** Inbound requests served at once: well above the 64 in flight the benchmarks use. */
  static final RequestResponseOptions SERVER_OPTIONS =
      RequestResponseOptions.DEFAULTS
          .withMaxConcurrentInbound(4096, 1024)
          .withMaxMessageSize(8 * 1024 * 1024);

  private JavaPeer() {}

  public static void main(String[] args) throws Exception {
    List<Multiaddr> listen = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--listen") && i + 1 < args.length) {
        listen.add(Multiaddr.parse(args[++i]));
      } else {
        System.err.println("usage: JavaPeer [--listen MULTIADDR ...]");
        System.exit(2);
      }
    }
    if (listen.isEmpty()) {
      listen.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    }
    HostConfig config =
        HostConfig.builder(Keys.generateEd25519())
            .listen(listen)
            .agentVersion("subnet-p2p-bench/0.1")
            .maxConnections(8192)
            .maxInboundStreamsPerConnection(2048)
            .build();
    NettyHost host = new NettyHost(config);
    TaskProtocol task = TaskProtocol.serve(host, TaskRunner.UPPER_CASE, SERVER_OPTIONS);
    host.start();
    int code;
    try (PeerCommands commands = new PeerCommands(host, task)) {
      code = new JsonLinesController(commands).run(host.peerId(), host.dialableAddresses());
    } finally {
      host.close();
    }
    System.exit(code);
  }
}
