// Commands of the Kademlia DHT service (present with --dht). Each runs under
// the command's deadline and answers from the events js-libp2p's DHT yields.

import { peerIdFromString } from '@libp2p/peer-id'

export function dhtCommands (node, commandDeadline) {
  const dht = node.services.dht
  if (dht == null) return {}
  return {
    /** Asks the network (never the local peer store) for a peer's addresses. */
    async dhtFindPeer ({ peerId, timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      const id = peerIdFromString(requireString(peerId, 'peerId'))
      for await (const event of dht.findPeer(id, { signal, useCache: false })) {
        if (event.name === 'FINAL_PEER') {
          return {
            peerId: event.peer.id.toString(),
            addrs: event.peer.multiaddrs.map(String),
            from: event.from.toString()
          }
        }
      }
      throw new Error(`peer ${peerId} not found`)
    },

    /** How many peers the routing table holds. */
    async dhtRoutingTable () {
      return { size: dht.routingTable.size }
    },

    /** Stores a record under a key (base64 both) at the closest peers. */
    async dhtPut ({ keyB64, valueB64, timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      let stored = 0
      for await (const event of dht.put(bytes(keyB64, 'keyB64'), bytes(valueB64, 'valueB64'), { signal })) {
        if (event.name === 'PEER_RESPONSE') stored++
      }
      return { stored }
    },

    /** The best value found for a key (base64). */
    async dhtGet ({ keyB64, timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      let best = null
      for await (const event of dht.get(bytes(keyB64, 'keyB64'), { signal })) {
        if (event.name === 'VALUE') {
          best = { valueB64: Buffer.from(event.value).toString('base64'), from: event.from.toString() }
        }
      }
      if (best == null) throw new Error('no value found')
      return best
    }
  }
}

function bytes (b64, name) {
  return Uint8Array.from(Buffer.from(requireString(b64, name), 'base64'))
}

function requireString (value, name) {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`)
  return value
}
