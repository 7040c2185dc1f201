/** Byte encodings shared by the libp2p wire formats: unsigned varints and multibase texts. */
package org.subnetp2p.core.encoding;
