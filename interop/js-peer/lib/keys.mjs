// Identity key files: the libp2p protobuf `PrivateKey` message
// (KeyType Type = 1; bytes Data = 2), exactly the bytes other libp2p
// implementations write, so a file made by the Java node loads here and back.

import { readFile, writeFile, stat } from 'node:fs/promises'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

/** Reads an Ed25519 private key; throws with the path in the message if it is anything else. */
export async function readKeyFile (path) {
  const bytes = await readFile(path)
  let key
  try {
    key = privateKeyFromProtobuf(bytes)
  } catch (err) {
    throw new Error(`${path}: not a libp2p protobuf PrivateKey (${err.message})`)
  }
  if (key.type !== 'Ed25519') {
    throw new Error(`${path}: holds a ${key.type} key, this peer uses Ed25519 identities`)
  }
  return key
}

/** Creates a fresh Ed25519 key and writes it to `path`. Never overwrites a key. */
export async function writeNewKeyFile (path) {
  if (await hasContent(path)) {
    throw new Error(`${path}: already holds a key, refusing to overwrite it`)
  }
  const key = await generateKeyPair('Ed25519')
  // mode 0600: it is a private key, even if only a test one
  await writeFile(path, privateKeyToProtobuf(key), { mode: 0o600 })
  return key
}

/**
 * The key in `path`, created there first if the file is missing. An empty file
 * counts as missing: test frameworks often hand out pre-created empty temp files.
 */
export async function loadOrCreateKeyFile (path) {
  return (await hasContent(path)) ? readKeyFile(path) : writeNewKeyFile(path)
}

export function peerIdOf (key) {
  return peerIdFromPrivateKey(key).toString()
}

async function hasContent (path) {
  try {
    return (await stat(path)).size > 0
  } catch (err) {
    if (err.code === 'ENOENT') return false
    throw err
  }
}
