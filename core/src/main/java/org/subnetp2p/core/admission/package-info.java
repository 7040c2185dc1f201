/** Admission: which peers may connect to this host. */
package org.subnetp2p.core.admission;
