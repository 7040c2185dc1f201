/** Internal: the JSON-RPC client and the registry contract's reads. Not an API. */
package org.subnetp2p.discovery.chain.rpc;
