/** The service interface through which a module provides publish/subscribe to the node. */
package org.subnetp2p.core.pubsub.spi;
