/**
 * GossipSub on the host API: {@code /meshsub/2.0.0} as py-libp2p speaks it, {@code /meshsub/1.2.0},
 * {@code /meshsub/1.1.0} and {@code /floodsub/1.0.0}. Provides the node's {@link
 * org.subnetp2p.core.pubsub.PubSub} as {@code gossipsub}.
 */
module org.subnetp2p.gossipsub {
  requires transitive org.subnetp2p.core;
  requires com.google.protobuf;
  requires org.slf4j;

  exports org.subnetp2p.gossipsub;

  provides org.subnetp2p.core.pubsub.spi.PubSubProvider with
      org.subnetp2p.gossipsub.provider.GossipSubProvider;
}
