// Root keys, read once from the environment at start.
//
// Three independent 256-bit roots, each with one job, so that a leak or a rotation
// of one does not touch the others (security.md §5.1):
//
//   ENCRYPTION_KEYS  "kid:base64,kid:base64,..."  wraps per-record data keys. The FIRST
//                    entry is current (all new wraps); the others stay only to unwrap
//                    older records until a rewrap job has moved them (see envelope.ts).
//   BLIND_INDEX_KEY  "base64"   one key for every blind index (blind-index.ts).
//   API_KEY_PEPPER   "base64"   HMAC key for stored API-key hashes (api-keys.ts).
//
// BLIND_INDEX_KEY NEVER ROTATES SILENTLY. A blind index is a deterministic HMAC; a new
// key makes every stored index unmatchable, so the same person would silently stop
// being linked across partners. Changing it needs a re-index job (decrypt every
// identity, recompute, swap) and is a migration, not a config edit. keyFingerprint()
// exists so the application can store the fingerprint once and refuse to start when
// the configured key no longer matches it.
//
// Keys are held as KeyObjects: util.inspect, console.log and JSON.stringify show no
// key material, so a stray log line of a config object cannot leak them.

import { createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto'
import { inspect } from 'node:util'
import { KeyConfigError, UnknownKeyIdError } from './errors.ts'

export const ROOT_KEY_BYTES = 32

/** Key ids appear inside envelopes (`v1.<kid>.…`), so no dots, and short enough that a key pasted in the wrong place is not mistaken for one. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/

// Standard base64 with padding (as `openssl rand -base64 32` prints) or unpadded base64url.
const KEY_B64 = /^(?:[A-Za-z0-9+/]{43}=|[A-Za-z0-9_-]{43})$/

/** Parse one base64 256-bit key. Errors name the variable and never echo the value. */
export function parseRootKey (value: string | undefined, name: string): KeyObject {
  if (value === undefined || value.trim() === '') {
    throw new KeyConfigError(`${name} is not set: expected a base64-encoded ${ROOT_KEY_BYTES}-byte key (e.g. from \`openssl rand -base64 32\`)`)
  }
  return decodeKey(value.trim(), name)
}

function decodeKey (text: string, where: string): KeyObject {
  if (!KEY_B64.test(text)) {
    throw new KeyConfigError(`${where}: key must be ${ROOT_KEY_BYTES} bytes in base64 (44 characters ending in "=") or base64url (43 characters)`)
  }
  const bytes = Buffer.from(text, text.endsWith('=') ? 'base64' : 'base64url')
  try {
    if (bytes.length !== ROOT_KEY_BYTES) throw new KeyConfigError(`${where}: key must decode to ${ROOT_KEY_BYTES} bytes`)
    // Catches placeholders such as "AAAA…=" copied from an example file.
    if (bytes.every((b) => b === bytes[0])) throw new KeyConfigError(`${where}: key is a placeholder (all bytes equal), generate a random one`)
    return createSecretKey(bytes)
  } finally {
    bytes.fill(0)
  }
}

/**
 * A short public fingerprint of a key: lets the application notice that a configured key
 * changed (e.g. BLIND_INDEX_KEY) or that one kid now names different material, without
 * storing the key. One-way (HMAC of a fixed label), so it reveals nothing usable.
 */
export function keyFingerprint (key: KeyObject): string {
  return createHmac('sha256', key).update('red-notice-monitor/key-fingerprint/v1').digest('base64url').slice(0, 16)
}

export interface KeyringEntry { kid: string, key: KeyObject }

/** Root keys for envelope encryption; `currentKid` wraps, every kid unwraps. */
export class Keyring {
  readonly currentKid: string
  readonly #wrapKeys = new Map<string, KeyObject>()
  readonly #fingerprints = new Map<string, string>()

  constructor (entries: readonly KeyringEntry[]) {
    const first = entries[0]
    if (first === undefined) throw new KeyConfigError('a keyring needs at least one key')
    this.currentKid = first.kid
    const seen = new Set<string>()
    for (const [i, { kid, key }] of entries.entries()) {
      const where = `entry ${i + 1}`
      if (!KID_PATTERN.test(kid)) throw new KeyConfigError(`${where}: key id must be 1-32 characters of A-Z a-z 0-9 _ -`)
      if (this.#wrapKeys.has(kid)) throw new KeyConfigError(`${where}: key id appears twice`)
      if (key.type !== 'secret' || key.symmetricKeySize !== ROOT_KEY_BYTES) throw new KeyConfigError(`${where}: key must be ${ROOT_KEY_BYTES} bytes`)
      const fp = keyFingerprint(key)
      if (seen.has(fp)) throw new KeyConfigError(`${where}: same key material as an earlier key id`)
      seen.add(fp)
      this.#fingerprints.set(kid, fp)
      // The root is never used directly for AES: a derived key per purpose keeps the root
      // usable for other derivations later without key reuse across algorithms.
      this.#wrapKeys.set(kid, deriveKey(key, 'dek-wrap'))
    }
  }

  get kids (): string[] { return [...this.#wrapKeys.keys()] }

  has (kid: string): boolean { return this.#wrapKeys.has(kid) }

  /** Public fingerprint of root `kid`: store it beside wrapped keys to detect a kid whose material was changed. */
  fingerprint (kid: string): string {
    const fp = this.#fingerprints.get(kid)
    if (fp === undefined) throw new UnknownKeyIdError(kid)
    return fp
  }

  /** The AES-256-GCM key that wraps data keys under `kid`. For envelope.ts only. */
  wrappingKey (kid: string): KeyObject {
    const key = this.#wrapKeys.get(kid)
    if (key === undefined) throw new UnknownKeyIdError(kid)
    return key
  }

  toJSON (): object { return { currentKid: this.currentKid, kids: this.kids } }
  [inspect.custom] (): string { return `Keyring { currentKid: '${this.currentKid}', kids: [${this.kids.map((k) => `'${k}'`).join(', ')}] }` }
}

/** HKDF-SHA256 sub-key of a root, labelled by purpose (domain separation). */
export function deriveKey (root: KeyObject, purpose: string): KeyObject {
  const bytes = Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `red-notice-monitor/v1/${purpose}`, ROOT_KEY_BYTES))
  try { return createSecretKey(bytes) } finally { bytes.fill(0) }
}

/**
 * Parse `kid:base64,kid:base64` (first = current). Whitespace around entries is ignored.
 * Errors give the entry's position only, never the kid: with a typo the "kid" slot may
 * hold (part of) a key.
 */
export function parseKeyring (value: string | undefined, name = 'ENCRYPTION_KEYS'): Keyring {
  if (value === undefined || value.trim() === '') {
    throw new KeyConfigError(`${name} is not set: expected "kid:base64key[,kid:base64key…]", first entry current`)
  }
  const entries = value.split(',').map((raw, i): KeyringEntry => {
    const where = `${name} entry ${i + 1}`
    const entry = raw.trim()
    const colon = entry.indexOf(':')
    if (colon < 0) throw new KeyConfigError(`${where}: expected "kid:base64key"`)
    const kid = entry.slice(0, colon).trim()
    if (!KID_PATTERN.test(kid)) throw new KeyConfigError(`${where}: key id must be 1-32 characters of A-Z a-z 0-9 _ -`)
    return { kid, key: decodeKey(entry.slice(colon + 1).trim(), where) }
  })
  try {
    return new Keyring(entries)
  } catch (err) {
    if (err instanceof KeyConfigError) throw new KeyConfigError(`${name} ${err.message}`)
    throw err
  }
}

/** A fresh random key in the base64 form parseRootKey reads. */
export function generateRootKeyString (): string {
  const bytes = randomBytes(ROOT_KEY_BYTES)
  try {
    return bytes.toString('base64')
  } finally {
    bytes.fill(0)
  }
}

/** A kid like `k20261124a1b2`: the date says how old a root is; the suffix avoids same-day clashes. */
export function generateKid (now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(2).toString('hex')}`
}

/** A one-key ENCRYPTION_KEYS value, for the first start in embedded mode. */
export function generateKeyringString (kid = generateKid()): string {
  if (!KID_PATTERN.test(kid)) throw new KeyConfigError('key id must be 1-32 characters of A-Z a-z 0-9 _ -')
  return `${kid}:${generateRootKeyString()}`
}

/**
 * Rotation step 1: put a new key first (current) and keep the old ones for reading.
 * Step 2 is the rewrap job (envelope.ts); step 3, removing the old entry, only once
 * no wrapped key names it.
 */
export function prependNewKey (keyringString: string, kid = generateKid()): string {
  const existing = parseKeyring(keyringString)
  if (existing.has(kid)) throw new KeyConfigError('the new key id is already in the keyring')
  return `${generateKeyringString(kid)},${keyringString.trim()}`
}

export interface CryptoSecrets {
  keyring: Keyring
  blindIndexKey: KeyObject
  apiKeyPepper: KeyObject
}

/** Read and check all three roots from an env-like record; they must be distinct. */
export function loadCryptoSecrets (env: Readonly<Record<string, string | undefined>>): CryptoSecrets {
  const keyring = parseKeyring(env.ENCRYPTION_KEYS, 'ENCRYPTION_KEYS')
  const blindIndexKey = parseRootKey(env.BLIND_INDEX_KEY, 'BLIND_INDEX_KEY')
  const apiKeyPepper = parseRootKey(env.API_KEY_PEPPER, 'API_KEY_PEPPER')
  const blindFp = keyFingerprint(blindIndexKey)
  const pepperFp = keyFingerprint(apiKeyPepper)
  if (blindFp === pepperFp) throw new KeyConfigError('BLIND_INDEX_KEY and API_KEY_PEPPER must be different keys')
  for (const [i, kid] of keyring.kids.entries()) {
    const fp = keyring.fingerprint(kid)
    if (fp === blindFp || fp === pepperFp) throw new KeyConfigError(`ENCRYPTION_KEYS entry ${i + 1} reuses BLIND_INDEX_KEY or API_KEY_PEPPER`)
  }
  return { keyring, blindIndexKey, apiKeyPepper }
}

/** Values for a first start in embedded mode (to be written to an owner-only file). */
export function generateCryptoSecretsEnv (): { ENCRYPTION_KEYS: string, BLIND_INDEX_KEY: string, API_KEY_PEPPER: string } {
  return {
    ENCRYPTION_KEYS: generateKeyringString(),
    BLIND_INDEX_KEY: generateRootKeyString(),
    API_KEY_PEPPER: generateRootKeyString()
  }
}
