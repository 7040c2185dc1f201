/**
 * What every selectable provider shares: a name to be selected by ({@link
 * org.subnetp2p.core.spi.NamedProvider}) and the context it is created in ({@link
 * org.subnetp2p.core.spi.ProviderContext}).
 */
package org.subnetp2p.core.spi;
