// Builds the libp2p node: TCP + Noise + Yamux, identify + ping, and the
// handlers for the task and perf protocols; with `dht`, a Kademlia DHT server.

import { noise } from '@chainsafe/libp2p-noise'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { handlePerfStream, PERF_PROTOCOL } from './perf.mjs'
import { handleTaskStream, TASK_PROTOCOL } from './task-protocol.mjs'

// js-libp2p's defaults (32 inbound / 64 outbound streams per protocol per
// connection) reset the 65th concurrent call; benchmarks run 64+ in flight.
const MANY_STREAMS = { maxInboundStreams: 1024, maxOutboundStreams: 1024 }

export async function createNode ({ privateKey, listen, dht = false }) {
  const node = await createLibp2p({
    privateKey,
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      // Defaults refuse more than 5 inbound connections per second per host
      // and 10 pending upgrades: a connection-setup benchmark from one host
      // (always the case for tests) needs far more.
      inboundConnectionThreshold: 100_000,
      maxIncomingPendingConnections: 256,
      maxConnections: 1024
    },
    services: {
      identify: identify(),
      // The connection monitor shares the ping protocol with the ping command,
      // so the default of one outbound stream would make them collide.
      ping: ping({ maxInboundStreams: 4, maxOutboundStreams: 4 }),
      // Server mode on /ipfs/kad/1.0.0 (what subnet nodes run). The default
      // mapper drops loopback and private addresses from answers, which on
      // 127.0.0.1 would leave every peer without an address.
      ...(dht ? { dht: kadDHT({ clientMode: false, peerInfoMapper: passthroughMapper }) } : {})
    }
  })
  await node.handle(TASK_PROTOCOL, handleTaskStream, MANY_STREAMS)
  await node.handle(PERF_PROTOCOL, handlePerfStream, MANY_STREAMS)
  return node
}
