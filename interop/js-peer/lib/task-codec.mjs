// Hand-written protobuf (proto3) codec for the two task protocol messages.
//
//   message TaskRequest  { string task_id = 1; bytes payload = 2; }
//   message TaskResponse { bool accepted = 1; bytes result = 2; string error = 3; }
//
// The messages are tiny, so a protobuf library would be more code to audit than
// these few functions. This module imports nothing from libp2p on purpose: the
// self-test checks it against the known bytes without loading libp2p.

const WIRE_VARINT = 0
const WIRE_I64 = 1
const WIRE_LEN = 2
const WIRE_I32 = 5

const utf8Encoder = new TextEncoder()
// fatal: a task id that is not UTF-8 is a malformed message, not something to patch up
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

/** Unsigned LEB128 varint of a non-negative safe integer. */
export function encodeVarint (value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`varint out of range: ${value}`)
  }
  const out = []
  // Division instead of >>> so values above 2^32 survive.
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80)
    value = Math.floor(value / 0x80)
  }
  out.push(value)
  return Uint8Array.from(out)
}

/**
 * Reads a varint at `offset`; returns { value, next }. Throws on truncation or
 * on values that do not fit a JS safe integer (never legitimate here).
 */
export function decodeVarint (bytes, offset = 0) {
  let value = 0
  let scale = 1
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const b = bytes[i]
    value += (b & 0x7f) * scale
    if ((b & 0x80) === 0) {
      if (!Number.isSafeInteger(value)) throw new RangeError('varint too large')
      return { value, next: i + 1 }
    }
    scale *= 0x80
  }
  throw new RangeError('truncated varint')
}

function concat (parts) {
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function lenField (fieldNo, bytes) {
  return [encodeVarint((fieldNo << 3) | WIRE_LEN), encodeVarint(bytes.length), bytes]
}

/**
 * Splits a message into { fieldNo: [values] }: varints as numbers,
 * length-delimited fields as Uint8Array views. Unknown fixed-width fields are
 * skipped, as protobuf requires of a reader.
 */
function readFields (bytes) {
  const fields = new Map()
  let at = 0
  while (at < bytes.length) {
    const tag = decodeVarint(bytes, at)
    at = tag.next
    const fieldNo = Math.floor(tag.value / 8)
    const wire = tag.value % 8
    if (fieldNo === 0) throw new RangeError('field number 0')
    let value
    if (wire === WIRE_VARINT) {
      const v = decodeVarint(bytes, at)
      value = v.value
      at = v.next
    } else if (wire === WIRE_LEN) {
      const len = decodeVarint(bytes, at)
      if (len.next + len.value > bytes.length) throw new RangeError(`field ${fieldNo} runs past the end`)
      value = bytes.subarray(len.next, len.next + len.value)
      at = len.next + len.value
    } else if (wire === WIRE_I64 || wire === WIRE_I32) {
      at += wire === WIRE_I64 ? 8 : 4
      if (at > bytes.length) throw new RangeError(`field ${fieldNo} runs past the end`)
      continue
    } else {
      throw new RangeError(`unsupported wire type ${wire} for field ${fieldNo}`)
    }
    if (!fields.has(fieldNo)) fields.set(fieldNo, [])
    fields.get(fieldNo).push(value)
  }
  return fields
}

// proto3 semantics: for a repeated scalar field the last value wins.
function last (fields, fieldNo, expectBytes) {
  const values = fields.get(fieldNo)
  if (values == null) return undefined
  const v = values[values.length - 1]
  if (expectBytes !== (v instanceof Uint8Array)) {
    throw new RangeError(`field ${fieldNo} has the wrong wire type`)
  }
  return v
}

export function encodeTaskRequest ({ taskId = '', payload = new Uint8Array() }) {
  const parts = []
  // proto3 omits fields that hold their default value
  if (taskId.length > 0) parts.push(...lenField(1, utf8Encoder.encode(taskId)))
  if (payload.length > 0) parts.push(...lenField(2, payload))
  return concat(parts)
}

export function decodeTaskRequest (bytes) {
  const fields = readFields(bytes)
  const id = last(fields, 1, true)
  return {
    taskId: id == null ? '' : utf8Decoder.decode(id),
    payload: last(fields, 2, true) ?? new Uint8Array()
  }
}

export function encodeTaskResponse ({ accepted = false, result = new Uint8Array(), error = '' }) {
  const parts = []
  if (accepted) parts.push(encodeVarint((1 << 3) | WIRE_VARINT), encodeVarint(1))
  if (result.length > 0) parts.push(...lenField(2, result))
  if (error.length > 0) parts.push(...lenField(3, utf8Encoder.encode(error)))
  return concat(parts)
}

export function decodeTaskResponse (bytes) {
  const fields = readFields(bytes)
  const error = last(fields, 3, true)
  return {
    accepted: (last(fields, 1, false) ?? 0) !== 0,
    result: last(fields, 2, true) ?? new Uint8Array(),
    error: error == null ? '' : utf8Decoder.decode(error)
  }
}

/** Prefixes a message with its unsigned-varint length, as sent on the wire. */
export function frame (message) {
  return concat([encodeVarint(message.length), message])
}

/**
 * The responder's whole job, bytes in, message out: upper-case the payload, or
 * tell the caller why its request could not be read (more useful in an
 * interop test than a bare stream reset).
 */
export function answerTask (requestBytes) {
  let request
  try {
    request = decodeTaskRequest(requestBytes)
  } catch (err) {
    return { accepted: false, error: `malformed TaskRequest: ${err.message}` }
  }
  return { accepted: true, result: upperAscii(request.payload) }
}

/** The service this peer offers: ASCII upper-casing of the payload. */
export function upperAscii (payload) {
  const out = Uint8Array.from(payload)
  for (let i = 0; i < out.length; i++) {
    if (out[i] >= 0x61 && out[i] <= 0x7a) out[i] -= 0x20
  }
  return out
}
