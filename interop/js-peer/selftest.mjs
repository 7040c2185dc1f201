// Self-test: two peers as child processes, every command driven between them.
// Run with `npm test` (node --test). Numbers from bench/perf/connsetup are
// printed as test diagnostics so a run doubles as a quick benchmark.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  answerTask, decodeTaskRequest, decodeTaskResponse, encodeTaskRequest, encodeTaskResponse, frame, upperAscii
} from './lib/task-codec.mjs'
import { PeerProcess, runTool } from './test/peer-process.mjs'

const TASK_PROTOCOL = '/subnet/task_protocol/1.0.0'
const MiB = 1024 * 1024
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const b64 = (s) => Buffer.from(s).toString('base64')

describe('task protocol codec', () => {
  test('TaskRequest{task_id:"t1", payload:"ab"} frames to the known bytes', () => {
    const bytes = frame(encodeTaskRequest({ taskId: 't1', payload: Buffer.from('ab') }))
    assert.equal(hex(bytes), '080a0274311202' + '6162')
  })

  test('TaskResponse{accepted:true, result:"AB"} frames to the known bytes', () => {
    const bytes = frame(encodeTaskResponse({ accepted: true, result: upperAscii(Buffer.from('ab')) }))
    assert.equal(hex(bytes), '06080112024142')
  })

  test('decoding round-trips and tolerates unknown fields', () => {
    const req = decodeTaskRequest(Buffer.from('0a0274311202616228051d01020304', 'hex'))
    assert.deepEqual({ taskId: req.taskId, payload: hex(req.payload) }, { taskId: 't1', payload: '6162' })
    const res = decodeTaskResponse(encodeTaskResponse({ accepted: false, error: 'nope' }))
    assert.deepEqual({ ...res, result: hex(res.result) }, { accepted: false, result: '', error: 'nope' })
  })

  test('truncated input is rejected', () => {
    assert.throws(() => decodeTaskRequest(Buffer.from('0a0574', 'hex')), /runs past the end/)
  })

  test('the responder answers a malformed request with accepted=false and a reason', () => {
    const bad = answerTask(Buffer.from('0a0574', 'hex'))
    assert.equal(bad.accepted, false)
    assert.match(bad.error, /malformed TaskRequest/)
    const good = answerTask(encodeTaskRequest({ taskId: 'x', payload: Buffer.from('Mixed 1!') }))
    assert.equal(Buffer.from(good.result).toString(), 'MIXED 1!')
  })
})

describe('key files', () => {
  let dir
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'js-peer-keys-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  test('keygen writes a key whose peer id peerid reads back', async () => {
    const path = join(dir, 'k1.key')
    const made = await runTool(['keygen', path])
    assert.equal(made.code, 0, made.stderr)
    const { peerId } = JSON.parse(made.stdout)
    assert.match(peerId, /^12D3KooW/)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    const read = await runTool(['peerid', path])
    assert.equal(read.code, 0, read.stderr)
    assert.deepEqual(JSON.parse(read.stdout), { peerId })
    const again = await runTool(['keygen', path])
    assert.notEqual(again.code, 0, 'keygen must not overwrite an existing key')
  })

  test('a key file written by another implementation (the peer-ids spec vector) loads', async () => {
    // From the libp2p peer-ids spec's test vectors: an Ed25519 private key and
    // its public key. The expected id is computed here independently: base58btc
    // of the identity multihash (0x00, length 0x24) of the public key protobuf.
    const privateKey = '080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d' +
      '1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e'
    const publicKey = '080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e'
    const path = join(dir, 'vector.key')
    await writeFile(path, Buffer.from(privateKey, 'hex'))
    const read = await runTool(['peerid', path])
    assert.equal(read.code, 0, read.stderr)
    assert.equal(JSON.parse(read.stdout).peerId, base58btc(Buffer.from('0024' + publicKey, 'hex')))
  })

  test('a file that is not a private key is refused with its path in the error', async () => {
    const path = join(dir, 'junk.key')
    await writeFile(path, 'not a key')
    const read = await runTool(['peerid', path])
    assert.notEqual(read.code, 0)
    assert.match(read.stderr, /junk\.key/)
  })
})

describe('two peers', () => {
  let dir, keyFile, a, b

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'js-peer-'))
    keyFile = join(dir, 'a.key') // absent: --key-file creates it
    ;[a, b] = await Promise.all([
      PeerProcess.start(['--key-file', keyFile]),
      PeerProcess.start(['--listen', '/ip4/127.0.0.1/tcp/0'])
    ])
  })

  after(async () => {
    a?.kill()
    b?.kill()
    await rm(dir, { recursive: true, force: true })
  })

  test('ready lines name the peer and dialable addresses', () => {
    for (const p of [a, b]) {
      assert.match(p.peerId, /^12D3KooW/)
      assert.ok(p.ready.addrs.length > 0)
      for (const addr of p.ready.addrs) {
        assert.match(addr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3KooW/)
        assert.ok(addr.endsWith(`/p2p/${p.peerId}`))
      }
    }
  })

  test('dial and peers', async () => {
    const dial = await a.run({ cmd: 'dial', addr: b.addr })
    assert.equal(dial.peerId, b.peerId)
    const seenByA = (await a.run({ cmd: 'peers' })).peers.find(p => p.peerId === b.peerId)
    assert.equal(seenByA?.direction, 'outbound')
    assert.equal(seenByA?.encryption, '/noise')
    assert.equal(seenByA?.multiplexer, '/yamux/1.0.0')
    const seenByB = (await b.run({ cmd: 'peers' })).peers.find(p => p.peerId === a.peerId)
    assert.equal(seenByB?.direction, 'inbound')
  })

  test('call: the known request gets the known answer', async () => {
    const res = await a.run({ cmd: 'call', addr: b.addr, taskId: 't1', payloadB64: b64('ab') })
    assert.deepEqual({ accepted: res.accepted, result: Buffer.from(res.resultB64, 'base64').toString(), error: res.error },
      { accepted: true, result: 'AB', error: '' })
  })

  test('call: 100 concurrent commands with a 64 KiB payload each', async () => {
    const payload = Buffer.alloc(64 * 1024, 'x')
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      b.run({ cmd: 'call', addr: a.addr, taskId: `c${i}`, payloadB64: payload.toString('base64') })))
    for (const res of answers) {
      assert.equal(res.accepted, true)
      assert.ok(Buffer.from(res.resultB64, 'base64').equals(Buffer.alloc(64 * 1024, 'X')))
    }
  })

  test('identify: what the peer store learned about the other peer', async () => {
    const info = await a.run({ cmd: 'identify', peerId: b.peerId })
    assert.equal(info.peerId, b.peerId)
    for (const proto of [TASK_PROTOCOL, '/perf/1.0.0', '/ipfs/ping/1.0.0', '/ipfs/id/1.0.0']) {
      assert.ok(info.protocols.includes(proto), `${proto} in ${info.protocols}`)
    }
    const bListen = b.addr.replace(/\/p2p\/.*$/, '')
    assert.ok(info.listenAddrs.some(x => x.startsWith(bListen)), `${bListen} in ${info.listenAddrs}`)
    assert.match(info.agentVersion, /libp2p/)
  })

  test('ping', async () => {
    const res = await a.run({ cmd: 'ping', addr: b.addr })
    assert.equal(res.peerId, b.peerId)
    assert.ok(res.rttMs >= 0 && res.rttMs < 1000, `rttMs=${res.rttMs}`)
  })

  test('perf: 10 MiB up and 10 MiB down', async (t) => {
    const res = await a.run({ cmd: 'perf', addr: b.addr, upload: 10 * MiB, download: 10 * MiB })
    assert.equal(res.uploadBytes, 10 * MiB)
    assert.equal(res.downloadBytes, 10 * MiB)
    assert.ok(res.uploadMs > 0 && res.downloadMs > 0)
    t.diagnostic(`perf js->js 10 MiB: up ${res.uploadMiBps} MiB/s (${res.uploadMs} ms), down ${res.downloadMiBps} MiB/s (${res.downloadMs} ms)`)
  })

  test('perf: zero bytes either way is valid', async () => {
    const res = await b.run({ cmd: 'perf', addr: a.addr, upload: 0, download: 0 })
    assert.equal(res.downloadBytes, 0)
  })

  test('bench: 64 calls in flight on one connection, no errors', async (t) => {
    const res = await a.run({ cmd: 'bench', addr: b.addr, calls: 2000, warmup: 200, concurrency: 64, payloadBytes: 64 })
    assert.equal(res.errors, 0, res.firstError)
    assert.equal(res.succeeded, 2000)
    assert.ok(res.opsPerSec > 0 && res.p50Ms > 0 && res.p99Ms >= res.p50Ms)
    t.diagnostic(`bench C=64 64 B: ${res.opsPerSec} ops/s, p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms`)
    const one = await a.run({ cmd: 'bench', addr: b.addr, calls: 300, warmup: 30, concurrency: 1, payloadBytes: 64 })
    assert.equal(one.errors, 0, one.firstError)
    t.diagnostic(`bench C=1 64 B: ${one.opsPerSec} ops/s, p50 ${one.p50Ms} ms, p99 ${one.p99Ms} ms`)
  })

  test('connsetup: fresh connections, each closed after its first stream', async (t) => {
    const before = (await b.run({ cmd: 'peers' })).peers.length
    const res = await a.run({ cmd: 'connsetup', addr: b.addr, count: 50 })
    assert.equal(res.errors, 0, res.firstError)
    assert.equal(res.succeeded, 50)
    t.diagnostic(`connsetup: ${res.perSec} conn/s, p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms`)
    // the connections were closed again: none piled up on the listener (the
    // last close may take a moment to reach b)
    let left
    for (let i = 0; i < 20; i++) {
      left = (await b.run({ cmd: 'peers' })).peers.length
      if (left <= before) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    assert.ok(left <= before, `${left} connections left on b (had ${before})`)
  })

  test('failures come back as errors, quickly', async () => {
    const unknown = await a.send({ cmd: 'frobnicate' })
    assert.equal(unknown.ok, false)
    assert.match(unknown.error, /unknown cmd/)
    const noPeerId = await a.send({ cmd: 'dial', addr: '/ip4/127.0.0.1/tcp/1' })
    assert.equal(noPeerId.ok, false)
    assert.match(noPeerId.error, /\/p2p\//)
    // a peer nobody knows an address for (the spec vector's id)
    const stranger = base58btc(Buffer.from('0024080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e', 'hex'))
    // a port nothing listens on: refused at once (an open connection to the
    // same peer id would be reused whatever the address, so use a stranger)
    const refused = await a.send({ cmd: 'call', addr: `/ip4/127.0.0.1/tcp/1/p2p/${stranger}`, taskId: 'x', payloadB64: '' })
    assert.equal(refused.ok, false)
    // the wrong peer id behind a real address: Noise must refuse it
    const wrongPeer = await a.send({ cmd: 'dial', addr: b.addr.replace(b.peerId, stranger), timeoutMs: 3000 })
    assert.equal(wrongPeer.ok, false)
    const started = Date.now()
    const lost = await a.send({ cmd: 'identify', peerId: stranger, timeoutMs: 1500 })
    assert.equal(lost.ok, false)
    assert.ok(Date.now() - started < 5000)
    // something that accepts TCP and then says nothing: the deadline must answer
    const silent = createServer(() => {})
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const t0 = Date.now()
      const hung = await a.send({ cmd: 'dial', addr: `/ip4/127.0.0.1/tcp/${silent.address().port}/p2p/${stranger}`, timeoutMs: 1000 })
      assert.equal(hung.ok, false)
      assert.match(hung.error, /deadline/)
      assert.ok(Date.now() - t0 < 4000, `answered after ${Date.now() - t0} ms`)
    } finally {
      silent.close()
    }
    a.child.stdin.write('this is not json\n')
    const still = await a.run({ cmd: 'peers' })
    assert.ok(Array.isArray(still.peers), 'the peer keeps serving after a bad line')
  })

  test('a peer that dies mid-session gives errors, not hangs', async () => {
    const c = await PeerProcess.start()
    try {
      await a.run({ cmd: 'dial', addr: c.addr })
      c.kill()
      await c.exited
      const res = await a.send({ cmd: 'call', addr: c.addr, taskId: 'x', payloadB64: b64('x'), timeoutMs: 3000 })
      assert.equal(res.ok, false)
    } finally {
      c.kill()
    }
  })

  test('stdout carried nothing but JSON lines', () => {
    for (const p of [a, b]) {
      for (const line of p.stdoutLines) assert.doesNotThrow(() => JSON.parse(line), line)
    }
  })

  test('shutdown exits 0; a restart with the same key file has the same peer id', async () => {
    const firstId = a.peerId
    assert.equal((await a.send({ cmd: 'shutdown' })).ok, true)
    assert.deepEqual(await a.exited, { code: 0, signal: null })

    a = await PeerProcess.start(['--key-file', keyFile])
    assert.equal(a.peerId, firstId)
    const read = await runTool(['peerid', keyFile])
    assert.equal(JSON.parse(read.stdout).peerId, a.peerId)
    // and it still serves: b can call it under its old identity
    const res = await b.run({ cmd: 'call', addr: a.addr, taskId: 'again', payloadB64: b64('hi') })
    assert.equal(Buffer.from(res.resultB64, 'base64').toString(), 'HI')
  })

  test('EOF on stdin exits 0', async () => {
    assert.deepEqual(await b.closeInput(), { code: 0, signal: null })
  })
})

describe('three DHT peers (--dht)', () => {
  let a, b, c

  before(async () => {
    ;[a, b, c] = await Promise.all([
      PeerProcess.start(['--dht']),
      PeerProcess.start(['--dht']),
      PeerProcess.start(['--dht'])
    ])
  })

  after(() => {
    for (const p of [a, b, c]) p?.kill()
  })

  test('without --dht the commands do not exist', async () => {
    const plain = await PeerProcess.start([])
    try {
      await assert.rejects(plain.run({ cmd: 'dhtRoutingTable' }), /unknown cmd/)
    } finally {
      plain.kill()
    }
  })

  test('a finds c through b, the only peer that knows it', async () => {
    await b.run({ cmd: 'dial', addr: c.addr })
    await a.run({ cmd: 'dial', addr: b.addr })
    const found = await a.run({ cmd: 'dhtFindPeer', peerId: c.peerId, timeoutMs: 20_000 })
    assert.equal(found.peerId, c.peerId)
    assert.ok(found.addrs.some(addr => c.addr.startsWith(addr)), JSON.stringify(found.addrs))
    assert.ok((await a.run({ cmd: 'dhtRoutingTable' })).size >= 1)
  })

  test('a record put by one peer is got by another', async () => {
    const key = Buffer.from('2f706b2f', 'hex') // "/pk/" + a peer id's multihash
    const id = Buffer.from(base58Decode(a.peerId))
    const keyB64 = Buffer.concat([key, id]).toString('base64')
    // an Ed25519 peer id is the identity multihash of its public key: bytes 2.. are the key
    const valueB64 = id.subarray(2).toString('base64')
    await a.run({ cmd: 'dhtPut', keyB64, valueB64, timeoutMs: 20_000 })
    const got = await c.run({ cmd: 'dhtGet', keyB64, timeoutMs: 20_000 })
    assert.equal(got.valueB64, valueB64)
  })
})

/** Bitcoin-alphabet base58 decoding, the inverse of base58btc below. */
function base58Decode (text) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = 0n
  for (const ch of text) n = n * 58n + BigInt(alphabet.indexOf(ch))
  let hexText = n.toString(16)
  if (hexText.length % 2) hexText = '0' + hexText
  const zeros = text.match(/^1*/)[0].length
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hexText, 'hex')])
}

/** Bitcoin-alphabet base58, as libp2p peer ids use; independent of libp2p's code. */
function base58btc (bytes) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'))
  let out = ''
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out
    n /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    out = '1' + out
  }
  return out
}
