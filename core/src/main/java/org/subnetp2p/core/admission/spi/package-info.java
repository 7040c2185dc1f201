/** The service interface through which a module provides connection admission to the node. */
package org.subnetp2p.core.admission.spi;
