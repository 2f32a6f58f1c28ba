// API keys: `rnm_<keyId>_<secret>`.
//
// keyId  = 16 random bytes, lower-case hex (32 chars): the public lookup handle, safe
//          to log and to show in the admin API. Hex keeps "_" unambiguous as separator.
// secret = 32 random bytes, base64url (43 chars). Stored only as
//          HMAC-SHA256(API_KEY_PEPPER, secret): the secret has 256 bits of entropy,
//          so a slow password hash would add nothing, and the pepper (kept out of the
//          database) makes a stolen hash table useless for offline checks.
//
// The `rnm_` prefix lets secret scanners and log scrubbers recognise leaked keys.
// Verification does the same work whether or not the keyId exists (DUMMY_HASH), so
// response time does not reveal which key ids are real.

import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'
import { ROOT_KEY_BYTES } from './keyring.ts'

export const API_KEY_PREFIX = 'rnm_'
const TOKEN = /^rnm_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/
const TOKEN_LENGTH = 4 + 32 + 1 + 43
const HASH_BYTES = 32

export interface ApiKey { keyId: string, secret: string, token: string }

export function generateApiKey (): ApiKey {
  const keyId = randomBytes(16).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { keyId, secret, token: `${API_KEY_PREFIX}${keyId}_${secret}` }
}

/** Split a bearer token; null for anything not exactly in our format. */
export function parseApiKey (token: unknown): { keyId: string, secret: string } | null {
  // Length first: the regex never sees unbounded input.
  if (typeof token !== 'string' || token.length !== TOKEN_LENGTH) return null
  const m = TOKEN.exec(token)
  if (m === null || m[1] === undefined || m[2] === undefined) return null
  // Only the canonical base64url of 32 bytes: the 43rd character carries 2 spare bits.
  if (Buffer.from(m[2], 'base64url').toString('base64url') !== m[2]) return null
  return { keyId: m[1], secret: m[2] }
}

function checkPepper (pepper: KeyObject): void {
  if (pepper.type !== 'secret' || pepper.symmetricKeySize !== ROOT_KEY_BYTES) throw new TypeError(`the pepper must be a ${ROOT_KEY_BYTES}-byte secret KeyObject`)
}

const mac = (pepper: KeyObject, secret: string): Buffer => createHmac('sha256', pepper).update(secret, 'utf8').digest()

/** The value to store for a key: base64url HMAC-SHA256(pepper, secret). */
export function hashSecret (pepper: KeyObject, secret: string): string {
  checkPepper(pepper)
  return mac(pepper, secret).toString('base64url')
}

/**
 * A well-formed hash that no secret matches (random, 2^-256 chance). For an unknown keyId
 * call `verifySecret(pepper, secret, DUMMY_HASH)` so the work is the same.
 */
export const DUMMY_HASH: string = randomBytes(HASH_BYTES).toString('base64url')

/** Constant-time check of `secret` against a stored hash; false (never throws) for a malformed hash. */
export function verifySecret (pepper: KeyObject, secret: string, storedHash: string): boolean {
  checkPepper(pepper)
  return macMatches(mac(pepper, typeof secret === 'string' ? secret : ''), storedHash)
}

/** verifySecret for a secret already hashed with hashSecret (the same constant-time comparison). */
export function hashMatches (presentedHash: string, storedHash: string): boolean {
  const actual = Buffer.from(presentedHash, 'base64url')
  return actual.length === HASH_BYTES && macMatches(actual, storedHash)
}

function macMatches (actual: Buffer, storedHash: string): boolean {
  let expected = typeof storedHash === 'string' ? Buffer.from(storedHash, 'base64url') : Buffer.alloc(0)
  // timingSafeEqual needs equal lengths; compare against a dummy instead of returning
  // early, and fail afterwards.
  const wellFormed = expected.length === HASH_BYTES && expected.toString('base64url') === storedHash
  if (!wellFormed) expected = Buffer.from(DUMMY_HASH, 'base64url')
  return timingSafeEqual(actual, expected) && wellFormed
}
