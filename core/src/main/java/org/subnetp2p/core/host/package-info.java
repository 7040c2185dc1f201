/**
 * The host API: a libp2p node ({@link org.subnetp2p.core.host.Host}), its connections and streams,
 * free of any networking library's types.
 */
package org.subnetp2p.core.host;
