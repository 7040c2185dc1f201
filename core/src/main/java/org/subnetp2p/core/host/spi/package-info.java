/** The service interface through which an implementation module provides a host. */
package org.subnetp2p.core.host.spi;
