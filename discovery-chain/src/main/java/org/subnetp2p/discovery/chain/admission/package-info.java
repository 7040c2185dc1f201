/** The {@code chain} and {@code pos} connection gaters. */
package org.subnetp2p.discovery.chain.admission;
