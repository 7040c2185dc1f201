// The controller's commands. Each takes the parsed JSON command and resolves to
// the fields of the answer (the caller adds "id" and "ok"). Every network wait
// runs under a deadline so a broken remote produces an error, never a hang.

import { randomBytes } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { byteStream } from '@libp2p/utils'
import { runPerf } from './perf.mjs'
import { createPubsubCommands } from './pubsub.mjs'
import { abortQuietly, deadline, percentile, round3 } from './streams.mjs'
import { callTask, setCloseConnectionAfterReply } from './task-protocol.mjs'
import { dhtCommands } from './dht.mjs'
import { upperAscii } from './task-codec.mjs'

const PING_PROTOCOL = '/ipfs/ping/1.0.0'
const DEFAULT_TIMEOUT_MS = 10_000

export function createCommands (node) {
  const identified = trackIdentify(node)

  return {
    async dial ({ addr, timeoutMs }) {
      const conn = await dialAddr(node, addr, commandDeadline(timeoutMs))
      return describeConnection(conn)
    },

    async ping ({ addr, timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      const conn = await dialAddr(node, addr, signal)
      return { peerId: conn.remotePeer.toString(), rttMs: round3(await pingOnce(conn, signal)) }
    },

    async identify ({ peerId, addr, timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      const id = peerIdFromString(requireString(peerId, 'peerId'))
      // Subscribe before dialing: identify runs as soon as a connection opens
      // and could otherwise finish before we start listening.
      const waiting = identified.next(id, signal)
      try {
        const conn = node.getConnections(id)[0] ??
          await node.dial(addr != null ? multiaddr(addr) : id, { signal })
        const current = identified.latest(id)
        const info = current?.connection.status === 'open' ? current : await waiting.promise
        return describePeer(await node.peerStore.get(id), info, conn)
      } finally {
        waiting.cancel()
      }
    },

    async call ({ addr, taskId = '', payloadB64 = '', timeoutMs }) {
      const signal = commandDeadline(timeoutMs)
      const request = {
        taskId: requireType(taskId, 'string', 'taskId'),
        payload: Buffer.from(requireType(payloadB64, 'string', 'payloadB64'), 'base64')
      }
      const conn = await dialAddr(node, addr, signal)
      const res = await callTask(conn, request, { signal })
      return { accepted: res.accepted, resultB64: Buffer.from(res.result).toString('base64'), error: res.error }
    },

    async taskServerMode ({ closeConnectionAfterReply = false }) {
      setCloseConnectionAfterReply(requireType(closeConnectionAfterReply, 'boolean', 'closeConnectionAfterReply'))
      return { closeConnectionAfterReply }
    },

    async perf ({ addr, upload = 0, download = 0, timeoutMs = 120_000 }) {
      requireCount(upload, 'upload')
      requireCount(download, 'download')
      const signal = commandDeadline(timeoutMs)
      const conn = await dialAddr(node, addr, signal)
      return runPerf(conn, { upload, download, signal })
    },

    async bench (args) {
      return runBench(node, args)
    },

    async connsetup (args) {
      return runConnSetup(node, args)
    },

    async peers () {
      return { peers: node.getConnections().map(describeConnection) }
    },

    ...dhtCommands(node, commandDeadline),
    ...createPubsubCommands(node)
  }
}

// ---- dialing and describing ----

function commandDeadline (timeoutMs = DEFAULT_TIMEOUT_MS) {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('timeoutMs must be a positive number')
  return deadline(timeoutMs)
}

/** A connection to the peer `addr` names; libp2p reuses an open one to that peer. */
async function dialAddr (node, addr, signal) {
  return node.dial(peerAddr(addr), { signal })
}

function peerAddr (addr) {
  const ma = multiaddr(requireString(addr, 'addr'))
  if (ma.getComponents().at(-1)?.name !== 'p2p') {
    // Without the peer id Noise cannot check who answered.
    throw new Error(`addr must end in /p2p/<peer id>: ${addr}`)
  }
  return ma
}

function describeConnection (conn) {
  return {
    peerId: conn.remotePeer.toString(),
    remoteAddr: conn.remoteAddr.toString(),
    direction: conn.direction,
    status: conn.status,
    encryption: conn.encryption,
    multiplexer: conn.multiplexer,
    streams: conn.streams.length
  }
}

function describePeer (peer, identifyResult, conn) {
  return {
    peerId: peer.id.toString(),
    protocols: [...peer.protocols].sort(),
    listenAddrs: peer.addresses.map(a => a.multiaddr.toString()),
    agentVersion: identifyResult.agentVersion ?? null,
    protocolVersion: identifyResult.protocolVersion ?? null,
    observedAddr: identifyResult.observedAddr?.toString() ?? null,
    remoteAddr: conn.remoteAddr.toString()
  }
}

/**
 * Remembers the last identify result per peer and lets a command wait for the
 * next one. js-libp2p identifies every new connection by itself.
 */
function trackIdentify (node) {
  const latest = new Map()
  const waiters = new Set()
  node.addEventListener('peer:identify', (evt) => {
    const key = evt.detail.peerId.toString()
    latest.set(key, evt.detail)
    for (const w of waiters) if (w.key === key) w.resolve(evt.detail)
  })
  return {
    latest: (peerId) => latest.get(peerId.toString()),
    /** { promise, cancel }: the next identify of `peerId`, or a rejection at the deadline. */
    next (peerId, signal) {
      const key = peerId.toString()
      const { promise, resolve, reject } = Promise.withResolvers()
      const waiter = { key, resolve }
      const onAbort = () => reject(new Error(`identify of ${key} did not finish in time`))
      waiters.add(waiter)
      signal.addEventListener('abort', onAbort, { once: true })
      // A waiter given up on (dial failed, result already known) must not
      // surface later as an unhandled rejection.
      promise.catch(() => {})
      const cancel = () => {
        waiters.delete(waiter)
        signal.removeEventListener('abort', onAbort)
      }
      return { promise, cancel }
    }
  }
}

// ---- ping on one given connection ----

/**
 * One /ipfs/ping/1.0.0 round trip on `conn` (the ping service's own client
 * picks a connection itself and reports whole milliseconds). Returns the RTT
 * in ms, timed from write to echo as the spec describes.
 */
async function pingOnce (conn, signal) {
  const stream = await conn.newStream(PING_PROTOCOL, { signal })
  try {
    const reader = byteStream(stream)
    const data = randomBytes(32)
    const sentAt = performance.now()
    stream.send(data)
    const echo = await reader.read({ bytes: 32, signal })
    const rtt = performance.now() - sentAt
    if (!Buffer.from(echo.subarray()).equals(data)) throw new Error('ping: echo differs from what was sent')
    await stream.close({ signal })
    return rtt
  } catch (err) {
    abortQuietly(stream, err)
    throw err
  }
}

// ---- benchmarks ----

async function runBench (node, {
  addr, calls = 20_000, warmup = 1_000, concurrency = 64, payloadBytes = 64,
  timeoutMs = 300_000, callTimeoutMs = DEFAULT_TIMEOUT_MS
}) {
  requireCount(calls, 'calls')
  requireCount(warmup, 'warmup')
  requireCount(payloadBytes, 'payloadBytes')
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer')
  const signal = commandDeadline(timeoutMs)
  const conn = await dialAddr(node, addr, deadline(DEFAULT_TIMEOUT_MS, signal))
  // Lower-case letters, so the upper-cased answer proves the remote did the work.
  const payload = Uint8Array.from({ length: payloadBytes }, (_, i) => 0x61 + (i % 26))
  const expected = Buffer.from(upperAscii(payload))
  const oneCall = async (i) => {
    const res = await callTask(conn, { taskId: `b${i}`, payload }, { timeoutMs: callTimeoutMs, signal })
    if (!res.accepted || !expected.equals(res.result)) {
      throw new Error(`call b${i}: wrong answer (accepted=${res.accepted}, error=${JSON.stringify(res.error)})`)
    }
  }

  const warm = await runPool(warmup, concurrency, signal, oneCall)
  const started = performance.now()
  const run = await runPool(calls, concurrency, signal, oneCall)
  const elapsedMs = performance.now() - started

  const sorted = run.latencies.sort((a, b) => a - b)
  return {
    calls,
    succeeded: sorted.length,
    errors: run.errors,
    firstError: run.firstError ?? warm.firstError,
    warmupErrors: warm.errors,
    concurrency,
    payloadBytes,
    elapsedMs: round3(elapsedMs),
    opsPerSec: round3(sorted.length / (elapsedMs / 1000)),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99)
  }
}

/**
 * Runs `total` calls of `fn(i)` with at most `concurrency` in flight; records
 * each successful call's latency and counts failures instead of stopping.
 */
async function runPool (total, concurrency, signal, fn) {
  const latencies = []
  let errors = 0
  let firstError = null
  let next = 0
  const worker = async () => {
    while (next < total && !signal.aborted) {
      const i = next++
      const t0 = performance.now()
      try {
        await fn(i)
        latencies.push(performance.now() - t0)
      } catch (err) {
        errors++
        firstError ??= err.message
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker))
  // Calls never started because the overall deadline passed are failures too.
  errors += total - next
  if (signal.aborted) firstError ??= 'bench deadline passed'
  return { latencies, errors, firstError }
}

/**
 * Connection setup rate: a fresh TCP+Noise+Yamux connection (force: true, or
 * libp2p would hand back the open one), a first stream (one ping), then close.
 * Sequential, as "new connections per second" of one client.
 */
async function runConnSetup (node, { addr, count = 200, timeoutMs = 300_000 }) {
  requireCount(count, 'count')
  const signal = commandDeadline(timeoutMs)
  const ma = peerAddr(addr)
  const times = []
  let firstError = null
  const started = performance.now()
  for (let i = 0; i < count && !signal.aborted; i++) {
    const t0 = performance.now()
    let conn
    try {
      const stepSignal = deadline(DEFAULT_TIMEOUT_MS, signal)
      conn = await node.dial(ma, { force: true, signal: stepSignal })
      await pingOnce(conn, stepSignal)
      times.push(performance.now() - t0)
    } catch (err) {
      firstError ??= err.message
    } finally {
      // Closing counts in perSec (the spec's handshakes per second over the
      // test period) but not in the per-connection p50/p99.
      await conn?.close({ signal: deadline(DEFAULT_TIMEOUT_MS) }).catch(err => conn.abort(err))
    }
  }
  const elapsedMs = performance.now() - started
  const sorted = times.sort((a, b) => a - b)
  return {
    count,
    succeeded: sorted.length,
    errors: count - sorted.length, // failed, plus never started if the deadline passed
    firstError: firstError ?? (signal.aborted ? 'connsetup deadline passed' : null),
    elapsedMs: round3(elapsedMs),
    perSec: round3(sorted.length / (elapsedMs / 1000)),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99)
  }
}

// ---- argument checks ----

function requireString (v, name) {
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${name} must be a non-empty string`)
  return v
}

function requireType (v, type, name) {
  if (typeof v !== type) throw new Error(`${name} must be a ${type}`)
  return v
}

function requireCount (v, name) {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer`)
}
