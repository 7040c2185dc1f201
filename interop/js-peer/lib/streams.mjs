// Small helpers over libp2p 3's message streams (event/send() based, not the
// it-pipe duplexes of libp2p <= 2).

/** A signal that fires after `ms`, or earlier if `parent` fires. */
export function deadline (ms, parent) {
  const own = AbortSignal.timeout(ms)
  return parent == null ? own : AbortSignal.any([parent, own])
}

/**
 * Queues `data` on the stream and, when the stream reports a full buffer,
 * waits for its 'drain' event, so a large upload cannot balloon memory.
 */
export async function sendWithBackpressure (stream, data, signal) {
  if (!stream.send(data)) {
    await waitForDrain(stream, signal)
  }
}

// Not stream.onDrain(): in @libp2p/utils 7.4.1 it caches one promise that is
// never reset, so after the first drain it resolves at once and backpressure
// silently stops working. Listening for the event each time is reliable.
function waitForDrain (stream, signal) {
  return new Promise((resolve, reject) => {
    const onDrain = () => { cleanup(); resolve() }
    const onClose = (evt) => { cleanup(); reject(evt.error ?? new Error('stream closed while waiting to send')) }
    const onAbort = () => { cleanup(); reject(signal.reason) }
    const cleanup = () => {
      stream.removeEventListener('drain', onDrain)
      stream.removeEventListener('close', onClose)
      signal?.removeEventListener('abort', onAbort)
    }
    if (signal?.aborted) return reject(signal.reason)
    stream.addEventListener('drain', onDrain)
    stream.addEventListener('close', onClose)
    signal?.addEventListener('abort', onAbort)
  })
}

/**
 * Aborts the stream like abortQuietly, after logging why to stderr. For
 * handlers: the remote only sees a reset, and the Java tests show this log
 * when they fail, so the cause is not lost.
 */
export function abortAndLog (stream, err, what) {
  const reason = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err)
  const code = err?.code != null ? ` (code ${err.code})` : ''
  console.error(`${what}: resetting stream ${stream?.id} (${stream?.direction}, status ${stream?.status}) after${code}: ${reason}`)
  abortQuietly(stream, err)
}

/** Aborts the stream (a yamux reset) unless it already ended; never throws. */
export function abortQuietly (stream, err) {
  try {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
  } catch {}
}

/** Nearest-rank percentile of ascending latencies (ms), rounded to microseconds. */
export function percentile (sortedMs, p) {
  if (sortedMs.length === 0) return null
  const idx = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)
  return round3(sortedMs[Math.max(0, idx)])
}

export function round3 (x) {
  return Math.round(x * 1000) / 1000
}
