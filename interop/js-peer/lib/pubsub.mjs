// GossipSub (@libp2p/gossipsub) as the peer's pubsub service, and the
// controller commands that drive it: subscribe, publish, read what arrived,
// inspect peers and mesh, and a timed publishing loop for benchmarks.

import { gossipsub } from '@libp2p/gossipsub'
import { peerIdFromString } from '@libp2p/peer-id'

// Received messages kept for `received`; the oldest go first beyond this.
const MAX_RECEIVED = 200_000

/** The service factory, with options the tests and benchmarks rely on. */
export function pubsubService ({ heartbeatMs = 1000 } = {}) {
  return gossipsub({
    // The interop tests publish as soon as a subscriber is known.
    allowPublishToZeroTopicPeers: true,
    heartbeatInterval: heartbeatMs,
    // Benchmarks push thousands of messages a second through one peer.
    maxOutboundBufferSize: 64 * 1024 * 1024
  })
}

/** Records every message the node receives, in arrival order. */
export function trackMessages (node) {
  const received = []
  node.services.pubsub.addEventListener('message', (evt) => {
    const msg = evt.detail
    received.push({
      topic: msg.topic,
      from: msg.type === 'signed' ? msg.from.toString() : null,
      dataB64: Buffer.from(msg.data).toString('base64'),
      atMs: performance.now()
    })
    if (received.length > MAX_RECEIVED) received.shift()
  })
  return received
}

export function createPubsubCommands (node) {
  const pubsub = node.services.pubsub
  const received = trackMessages(node)

  return {
    async subscribe ({ topic }) {
      pubsub.subscribe(requireTopic(topic))
      return { topics: pubsub.getTopics() }
    },

    async unsubscribe ({ topic }) {
      pubsub.unsubscribe(requireTopic(topic))
      return { topics: pubsub.getTopics() }
    },

    async publish ({ topic, dataB64 = '' }) {
      const result = await pubsub.publish(requireTopic(topic), Buffer.from(dataB64, 'base64'))
      return { recipients: result.recipients.map(String) }
    },

    // The messages received so far (optionally of one topic), oldest first;
    // `clear` forgets them afterwards.
    async received ({ topic, clear = false }) {
      const messages = received
        .filter((m) => topic == null || m.topic === topic)
        .map(({ topic, from, dataB64 }) => ({ topic, from, dataB64 }))
      if (clear) received.length = 0
      return { messages }
    },

    async pubsubPeers ({ topic }) {
      requireTopic(topic)
      return {
        subscribers: pubsub.getSubscribers(topic).map(String),
        mesh: pubsub.getMeshPeers(topic),
        peers: pubsub.getPeers().map(String)
      }
    },

    async score ({ peerId }) {
      peerIdFromString(peerId)
      return { score: pubsub.getScore(peerId) }
    },

    // Publishes `count` messages of `size` bytes (the first 8 hold a counter)
    // one after another, as fast as the service accepts them.
    async gsPublishMany ({ topic, count = 1000, size = 1024 }) {
      requireTopic(topic)
      const start = performance.now()
      let errors = 0
      for (let i = 0; i < count; i++) {
        const data = new Uint8Array(size)
        new DataView(data.buffer).setBigUint64(0, BigInt(i))
        try {
          await pubsub.publish(topic, data)
        } catch {
          errors++
        }
      }
      return { published: count - errors, errors, elapsedMs: performance.now() - start }
    },

    // Waits until `count` messages of `topic` have arrived since the last
    // clear; reports when the first and the last came.
    async gsAwait ({ topic, count, timeoutMs = 60_000 }) {
      requireTopic(topic)
      const deadline = performance.now() + timeoutMs
      while (true) {
        const mine = received.filter((m) => m.topic === topic)
        if (mine.length >= count || performance.now() > deadline) {
          const first = mine[0]?.atMs ?? 0
          const last = mine[Math.min(count, mine.length) - 1]?.atMs ?? 0
          return { received: mine.length, spanMs: last - first, nowMs: performance.now(), firstAtMs: first }
        }
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
  }
}

function requireTopic (topic) {
  if (typeof topic !== 'string' || topic === '') throw new Error('topic must be a non-empty string')
  return topic
}
