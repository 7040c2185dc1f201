// Compiles Solidity sources offline with solc-js (standard-JSON input) and writes, per contract,
// <Name>.abi and <Name>.bin: what Web3j's codegen reads. Run by the Maven build:
//   node compile.mjs <out-dir> <file.sol>...
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

const require = createRequire(import.meta.url)
const solc = require('solc')

const [outDir, ...files] = process.argv.slice(2)
if (!outDir || files.length === 0) {
  console.error('usage: node compile.mjs <out-dir> <file.sol>...')
  process.exit(2)
}

const sources = {}
for (const file of files) {
  sources[basename(file)] = { content: readFileSync(file, 'utf8') }
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // cancun: what anvil and current EVM chains run; no newer opcode is needed.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } }
  }
}

const output = JSON.parse(solc.compile(JSON.stringify(input)))
// Warnings fail the build as javac's do (-Werror); solc's informational notes do not.
const errors = (output.errors ?? []).filter(e => e.severity !== 'info')
for (const e of output.errors ?? []) {
  console.error(e.formattedMessage ?? e.message)
}
if (errors.length > 0) {
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
for (const [source, contracts] of Object.entries(output.contracts ?? {})) {
  for (const [name, contract] of Object.entries(contracts)) {
    writeFileSync(join(outDir, `${name}.abi`), JSON.stringify(contract.abi))
    writeFileSync(join(outDir, `${name}.bin`), contract.evm.bytecode.object)
    console.log(`solc ${solc.version()}: ${source} -> ${name}.abi, ${name}.bin`)
  }
}
