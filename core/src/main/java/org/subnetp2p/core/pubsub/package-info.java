/**
 * Publish/subscribe messaging among peers: {@link org.subnetp2p.core.pubsub.PubSub}, topic
 * validators and the peer scores an operator sees. GossipSub provides it (module {@code
 * org.subnetp2p.gossipsub}).
 */
package org.subnetp2p.core.pubsub;
