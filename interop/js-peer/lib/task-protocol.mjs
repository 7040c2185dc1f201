// /subnet/task_protocol/1.0.0: one length-prefixed TaskRequest, one
// length-prefixed TaskResponse, one stream per call.

import { lpStream } from '@libp2p/utils'
import { answerTask, decodeTaskResponse, encodeTaskRequest, encodeTaskResponse } from './task-codec.mjs'
import { abortAndLog, abortQuietly, deadline } from './streams.mjs'

export const TASK_PROTOCOL = '/subnet/task_protocol/1.0.0'

// Bigger than any payload a test sends; lpStream rejects larger frames before
// buffering them, so a broken peer cannot make us allocate without bound.
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024
const LP_OPTIONS = { maxDataLength: MAX_MESSAGE_BYTES, maxBufferSize: MAX_MESSAGE_BYTES + 16 }

// A responder holds an inbound stream slot while it waits; a caller that never
// sends must not keep it for the stream's 2-minute inactivity timeout.
const SERVER_TIMEOUT_MS = 10_000

// When set, the server closes the whole connection right after writing its
// answer, without closing the stream first: a short-lived peer that exits.
let closeConnectionAfterReply = false

/** Makes the task server close the connection right after each answer (or not). */
export function setCloseConnectionAfterReply (on) {
  closeConnectionAfterReply = on === true
}

/** Stream handler: answer as soon as the request is read, then close our side. */
export async function handleTaskStream (stream, connection) {
  const signal = AbortSignal.timeout(SERVER_TIMEOUT_MS)
  try {
    const lp = lpStream(stream, LP_OPTIONS)
    const requestBytes = await lp.read({ signal })
    // Deliberately no wait for the caller's half-close: callers that keep their
    // write side open until the answer arrives would otherwise deadlock.
    await lp.write(encodeTaskResponse(answerTask(requestBytes.subarray())), { signal })
    if (closeConnectionAfterReply && connection != null) {
      await connection.close({ signal })
      return
    }
    await stream.close({ signal })
  } catch (err) {
    abortAndLog(stream, err, 'task server')
  }
}

/**
 * Opens a stream on `connection`, sends one request and reads the response.
 * Resolves to { accepted, result, error }; rejects on any transport failure.
 * `signal` bounds the whole call; `timeoutMs`, if given, adds a per-call limit.
 */
export async function callTask (connection, { taskId, payload }, { timeoutMs, signal } = {}) {
  const callSignal = timeoutMs == null ? signal : deadline(timeoutMs, signal)
  const stream = await connection.newStream(TASK_PROTOCOL, { signal: callSignal })
  try {
    const lp = lpStream(stream, LP_OPTIONS)
    await lp.write(encodeTaskRequest({ taskId, payload }), { signal: callSignal })
    // Half-close right away: a responder that does wait for EOF still answers.
    await stream.close({ signal: callSignal })
    const response = await lp.read({ signal: callSignal })
    return decodeTaskResponse(response.subarray())
  } catch (err) {
    abortQuietly(stream, err)
    throw err
  }
}
