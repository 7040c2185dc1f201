// /perf/1.0.0 (libp2p perf spec), written by hand: @libp2p/perf is not on npm.
//
// Client: u64 big-endian "bytes I want back", then the upload, then close the
// write side. Server: read the u64, drain to EOF, only then send the requested
// bytes and close.

import { byteStream } from '@libp2p/utils'
import { abortAndLog, abortQuietly, round3, sendWithBackpressure } from './streams.mjs'

export const PERF_PROTOCOL = '/perf/1.0.0'

// The spec allows any fixed bytes. One zeroed chunk, reused for every write,
// keeps the benchmark about the network, not about generating data. 64 KiB is
// yamux's largest data frame.
const CHUNK = new Uint8Array(64 * 1024)

// The server has no natural end if a client asks for 2^64-1 bytes (the spec's
// timed download); this caps how long one perf stream may hold resources.
const SERVER_TIMEOUT_MS = 10 * 60_000

// Reads may buffer more than byteStream's 4 MiB default between two awaits on
// a fast link; overflowing it resets the stream, so give it room.
const READ_BUFFER_BYTES = 64 * 1024 * 1024

export async function handlePerfStream (stream) {
  const signal = AbortSignal.timeout(SERVER_TIMEOUT_MS)
  try {
    const reader = byteStream(stream, { maxBufferSize: READ_BUFFER_BYTES })
    const header = await reader.read({ bytes: 8, signal })
    const wanted = header.getBigUint64(0, false)
    await drainToEof(reader, signal)
    // Not concurrent with the drain above: the spec forbids it.
    await sendBytes(stream, wanted, signal)
    await stream.close({ signal })
  } catch (err) {
    abortAndLog(stream, err, 'perf server')
  }
}

async function drainToEof (reader, signal, onChunk) {
  let total = 0
  while (true) {
    const chunk = await reader.read({ signal })
    if (chunk == null) return total
    onChunk?.(chunk.byteLength)
    total += chunk.byteLength
  }
}

async function sendBytes (stream, count, signal) {
  let left = BigInt(count)
  const chunkLen = BigInt(CHUNK.length)
  while (left > 0n) {
    const piece = left >= chunkLen ? CHUNK : CHUNK.subarray(0, Number(left))
    await sendWithBackpressure(stream, piece, signal)
    left -= BigInt(piece.length)
  }
}

/**
 * Runs one perf exchange on `connection`. Times are split at the first
 * downloaded byte: the server only starts sending after it has read the whole
 * upload, so that moment marks the end of the upload as the server saw it.
 */
export async function runPerf (connection, { upload, download, signal }) {
  const started = performance.now()
  const stream = await connection.newStream(PERF_PROTOCOL, { signal })
  try {
    // Reader first, so no downloaded byte can arrive before someone listens.
    const reader = byteStream(stream, { maxBufferSize: READ_BUFFER_BYTES })
    const header = new Uint8Array(8)
    new DataView(header.buffer).setBigUint64(0, BigInt(download), false)
    await sendWithBackpressure(stream, header, signal)
    await sendBytes(stream, upload, signal)
    await stream.close({ signal })

    let firstByteAt = null
    const received = await drainToEof(reader, signal, () => { firstByteAt ??= performance.now() })
    const ended = performance.now()
    if (received !== download) {
      throw new Error(`perf: asked for ${download} bytes, received ${received}`)
    }
    const uploadEnd = firstByteAt ?? ended
    return summary(upload, download, uploadEnd - started, ended - uploadEnd)
  } catch (err) {
    abortQuietly(stream, err)
    throw err
  }
}

function summary (upload, download, uploadMs, downloadMs) {
  const mibPerSec = (bytes, ms) => (ms > 0 ? round3(bytes / (1024 * 1024) / (ms / 1000)) : null)
  return {
    uploadBytes: upload,
    downloadBytes: download,
    uploadMs: round3(uploadMs),
    downloadMs: round3(downloadMs),
    uploadMiBps: mibPerSec(upload, uploadMs),
    downloadMiBps: mibPerSec(download, downloadMs)
  }
}
