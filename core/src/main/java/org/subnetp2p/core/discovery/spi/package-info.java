/** The service interface through which a module provides multiaddress discovery to the node. */
package org.subnetp2p.core.discovery.spi;
