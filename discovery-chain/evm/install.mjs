// Installs this folder's node_modules with `npm ci` unless they already match package-lock.json.
// Idempotent and safe to run from several builds at once (a lock directory serialises them);
// npm's own cache (~/.npm) makes a reinstall quick. Install scripts are not run: solc-js needs
// none, and anvil's binary comes in its platform package (@foundry-rs/anvil-linux-amd64).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const home = dirname(fileURLToPath(import.meta.url))
const lockfile = join(home, 'package-lock.json')
const installed = join(home, 'node_modules', '.package-lock.json')
const lockDir = join(home, '.install.lock.d')
const WAIT_MS = 5 * 60 * 1000
const STALE_MS = 10 * 60 * 1000

const upToDate = () =>
  existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs

function sleep (ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function acquire () {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    try {
      mkdirSync(lockDir)
      return
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      if (Date.now() - statSync(lockDir).mtimeMs > STALE_MS) {
        rmSync(lockDir, { recursive: true, force: true }) // left by a killed build
        continue
      }
      if (Date.now() > deadline) {
        throw new Error(`${lockDir} held for more than ${WAIT_MS / 1000} s`)
      }
      sleep(500)
    }
  }
}

if (upToDate()) {
  process.exit(0)
}
acquire()
try {
  if (!upToDate()) {
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: home,
      stdio: 'inherit',
      timeout: WAIT_MS
    })
    if (npm.status !== 0) {
      console.error(`npm ci failed in ${home} (${npm.error ?? 'exit ' + npm.status})`)
      process.exit(1)
    }
  }
} finally {
  rmSync(lockDir, { recursive: true, force: true })
}
