// Test helper: runs `node peer.mjs` as a child process and talks to it the way
// a controller (the Java tests, the benchmarks) does: JSON lines.

import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const PEER_SCRIPT = fileURLToPath(new URL('../peer.mjs', import.meta.url))

export class PeerProcess {
  static async start (args = [], { readyTimeoutMs = 15_000 } = {}) {
    const peer = new PeerProcess(args)
    peer.ready = await peer.#nextUnsolicited(readyTimeoutMs)
    if (peer.ready.event !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(peer.ready)}`)
    return peer
  }

  #nextId = 1
  #pending = new Map()
  #unsolicited = []
  #unsolicitedWaiter = null
  stderr = ''

  constructor (args) {
    this.child = spawn(process.execPath, [PEER_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stderr.on('data', (d) => { this.stderr += d })
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })))
    this.stdoutLines = []
    createInterface({ input: this.child.stdout }).on('line', (line) => this.#onLine(line))
    this.exited.then(() => {
      for (const { reject } of this.#pending.values()) reject(new Error(`peer exited; stderr:\n${this.stderr}`))
    })
  }

  get peerId () { return this.ready.peerId }
  get addr () { return this.ready.addrs[0] }

  #onLine (line) {
    this.stdoutLines.push(line)
    const msg = JSON.parse(line) // any non-JSON line on stdout fails the test here
    const waiter = this.#pending.get(msg.id)
    if (waiter != null) {
      this.#pending.delete(msg.id)
      waiter.resolve(msg)
    } else if (this.#unsolicitedWaiter != null) {
      this.#unsolicitedWaiter(msg)
      this.#unsolicitedWaiter = null
    } else {
      this.#unsolicited.push(msg)
    }
  }

  #nextUnsolicited (timeoutMs) {
    if (this.#unsolicited.length > 0) return Promise.resolve(this.#unsolicited.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs)
      this.#unsolicitedWaiter = (msg) => { clearTimeout(timer); resolve(msg) }
    })
  }

  /** Sends one command; resolves to the raw answer ({ id, ok, ... }). */
  send (cmd, { timeoutMs = 60_000 } = {}) {
    const id = this.#nextId++
    const answer = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${cmd.cmd} within ${timeoutMs} ms`)), timeoutMs)
      this.#pending.set(id, {
        resolve: (msg) => { clearTimeout(timer); resolve(msg) },
        reject: (err) => { clearTimeout(timer); reject(err) }
      })
    })
    this.child.stdin.write(JSON.stringify({ id, ...cmd }) + '\n')
    return answer
  }

  /** Like send, but fails unless the answer is ok. */
  async run (cmd, opts) {
    const answer = await this.send(cmd, opts)
    if (answer.ok !== true) throw new Error(`${cmd.cmd} failed: ${answer.error}`)
    return answer
  }

  /** Closes stdin (EOF) and waits for the exit. */
  async closeInput () {
    this.child.stdin.end()
    return this.exited
  }

  kill () {
    if (this.child.exitCode == null && this.child.signalCode == null) this.child.kill('SIGKILL')
  }
}

/** Runs `node peer.mjs ARGS...` to completion; resolves to { code, stdout, stderr }. */
export function runTool (args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PEER_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}
