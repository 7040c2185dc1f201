/** The service interface through which a module provides a protocol to the assembled node. */
package org.subnetp2p.core.protocol.spi;
