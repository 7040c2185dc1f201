/** A local EVM chain (anvil from npm) and its dev accounts, for tests, benchmarks and the demo. */
package org.subnetp2p.discovery.chain.devnet;
