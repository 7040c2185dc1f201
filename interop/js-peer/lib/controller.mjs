// The JSON-lines control loop: one "ready" event, then one answer per command
// line. Commands run concurrently; answers carry the command's "id" and may
// come back in any order.

import { createInterface } from 'node:readline'
import { createCommands } from './commands.mjs'
import { loadOrCreateKeyFile } from './keys.mjs'
import { createNode } from './node.mjs'

const STOP_TIMEOUT_MS = 5_000

export async function runPeer ({ listen, keyFile, dht = false }) {
  const privateKey = keyFile != null ? await loadOrCreateKeyFile(keyFile) : undefined
  const node = await createNode({ privateKey, listen, dht })
  const commands = createCommands(node)
  let stopping = null
  const stop = (code) => {
    stopping ??= stopAndExit(node, code)
    return stopping
  }

  // A remote misbehaving must not take the peer (and the test using it) down;
  // the error still shows on stderr.
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err?.stack ?? err}`))
  process.on('SIGTERM', () => stop(0))
  process.on('SIGINT', () => stop(0))
  // The controller closed its end of our stdout: nobody is listening any more.
  process.stdout.on('error', () => stop(0))

  emit({
    event: 'ready',
    peerId: node.peerId.toString(),
    addrs: node.getMultiaddrs().map(String)
  })

  const inFlight = new Set()
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  lines.on('line', (line) => {
    if (line.trim() === '' || stopping != null) return
    const task = handleLine(line, commands, stop).finally(() => inFlight.delete(task))
    inFlight.add(task)
  })
  // EOF: the controller is done. Let commands already sent finish (each has a
  // deadline), then leave cleanly.
  lines.on('close', async () => {
    await Promise.allSettled([...inFlight])
    await stop(0)
  })
}

async function handleLine (line, commands, stop) {
  let request
  try {
    request = JSON.parse(line)
    if (request == null || typeof request !== 'object' || Array.isArray(request)) {
      throw new Error('a command must be a JSON object')
    }
  } catch (err) {
    emit({ id: null, ok: false, error: `bad command line: ${err.message}` })
    return
  }
  const id = request.id ?? null
  if (request.cmd === 'shutdown') {
    emit({ id, ok: true })
    await stop(0)
    return
  }
  const command = Object.hasOwn(commands, request.cmd) ? commands[request.cmd] : null
  if (command == null) {
    emit({ id, ok: false, error: `unknown cmd: ${JSON.stringify(request.cmd)}` })
    return
  }
  try {
    const result = await command(request)
    // id and ok are the protocol's; a result field of that name must not win
    emit({ id, ok: true, ...result, ...{ id, ok: true } })
  } catch (err) {
    emit({ id, ok: false, error: describeError(request.cmd, err) })
  }
}

function describeError (cmd, err) {
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') {
    return `${cmd} did not finish before its deadline (${err.name}: ${err.message})`
  }
  const name = err?.name != null && err.name !== 'Error' ? `${err.name}: ` : ''
  return `${name}${err?.message ?? String(err)}`
}

async function stopAndExit (node, code) {
  const timer = setTimeout(() => {
    log('node.stop() did not finish in time, exiting anyway')
    process.exit(code)
  }, STOP_TIMEOUT_MS)
  try {
    await node.stop()
  } catch (err) {
    log(`error while stopping: ${err.stack ?? err}`)
  }
  clearTimeout(timer)
  // Answers already written to a pipe are flushed: stdout writes to pipes are
  // synchronous on Linux, and the empty write's callback orders after them.
  process.stdout.write('', () => process.exit(code))
}

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

function log (msg) {
  process.stderr.write(`peer.mjs: ${msg}\n`)
}
