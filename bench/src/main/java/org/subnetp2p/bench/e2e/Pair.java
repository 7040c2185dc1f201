package org.subnetp2p.bench.e2e;

import java.util.List;

/** A client implementation calling a server implementation, each in its own process. */
record Pair(Impl client, Impl server) {
  static final List<Pair> ALL =
      List.of(
          new Pair(Impl.JAVA, Impl.JAVA),
          new Pair(Impl.JS, Impl.JS),
          new Pair(Impl.JAVA, Impl.JS),
          new Pair(Impl.JS, Impl.JAVA));

  String label() {
    return client.label + "→" + server.label;
  }
}
