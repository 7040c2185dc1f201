/** Publish/subscribe messaging among peers. */
package org.subnetp2p.core.pubsub;
