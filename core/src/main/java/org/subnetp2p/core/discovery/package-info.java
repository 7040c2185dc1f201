/** Discovery of other peers' multiaddresses. */
package org.subnetp2p.core.discovery;
