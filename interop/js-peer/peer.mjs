#!/usr/bin/env node
// A js-libp2p peer for interop tests and benchmarks, driven by JSON lines.
//
//   node peer.mjs [--listen MULTIADDR ...] [--key-file PATH] [--dht]
//   node peer.mjs keygen PATH
//   node peer.mjs peerid PATH
//
// stdout carries only JSON lines (one "ready" event, then one answer per
// command); everything meant for humans goes to stderr. See README.md.

import { parseArgs } from 'node:util'

// libp2p 3.x calls Promise.withResolvers (Node 22+). Define it before libp2p is
// loaded, which is why everything touching libp2p comes in by dynamic import().
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

// A stray console.log in any library would corrupt the JSON protocol.
console.log = console.error
console.info = console.error

await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`peer.mjs: ${err.stack ?? err}\n`)
  process.exit(1)
})

async function main (argv) {
  if (argv[0] === 'keygen' || argv[0] === 'peerid') {
    return keyTool(argv[0], argv[1])
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      listen: { type: 'string', multiple: true },
      'key-file': { type: 'string' },
      dht: { type: 'boolean' }
    },
    strict: true
  })
  const { runPeer } = await import('./lib/controller.mjs')
  await runPeer({
    listen: values.listen ?? ['/ip4/127.0.0.1/tcp/0'],
    keyFile: values['key-file'],
    dht: values.dht === true
  })
}

async function keyTool (cmd, path) {
  if (path == null) throw new Error(`usage: node peer.mjs ${cmd} PATH`)
  const keys = await import('./lib/keys.mjs')
  const key = cmd === 'keygen' ? await keys.writeNewKeyFile(path) : await keys.readKeyFile(path)
  process.stdout.write(JSON.stringify({ peerId: keys.peerIdOf(key) }) + '\n')
}
