// Envelope encryption with one data key (DEK) per record, for crypto-shredding.
//
// Each report gets a random 256-bit DEK. Its identifying fields are encrypted with the
// DEK (AES-256-GCM); the DEK itself is stored only wrapped by the current root key of
// the keyring:  wrapped = v1.<kid>.<iv>.<tag>.<ct>      field = v1.<iv>.<tag>.<ct>
// (base64url parts). Revisions of a report should share the report's DEK, so one
// destroyed key shreds all of them.
//
// Key rotation: put a new root first in ENCRYPTION_KEYS, then re-wrap every DEK whose
// kid is not current (needsRewrap / rewrapDataKey). Only 32-byte DEKs are re-encrypted,
// never row data, so it is fast; old kids keep working until the job is done, then the
// old entry can be removed.
//
// Erasure = destroying the wrapped DEK (the DB layer deletes/overwrites it). Every
// ciphertext of that record, in the database and its replicas, is then noise. CAVEAT
// for backups: a backup taken before the erasure holds the wrapped DEK too, and stays
// readable while its root is configured. Erasure reaches backups only once that root is
// retired (rotate, rewrap, remove the old kid), or if wrapped DEKs are kept in a store
// whose backups expire quickly. Rotate roots on a schedule for that reason.
//
// AAD binds each ciphertext to where it belongs: table|column|rowId for fields and
// kid|table|rowId for wrapped DEKs, so a ciphertext copied to another row or column
// (another partner's report is another row) fails authentication. Components are
// restricted to a small alphabet without "|" so the AAD string is unambiguous.

import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import { fromB64u, open, pad, seal, toB64u, unpad, type Sealed } from './aead.ts'
import { DecryptionError } from './errors.ts'
import { KID_PATTERN, type Keyring } from './keyring.ts'

export type DataKey = KeyObject
export interface RecordAad { table: string, rowId: string }
export interface FieldAad extends RecordAad { column: string }

const VERSION = 'v1'
const DEK_BYTES = 32
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/
const ROW_ID = /^[A-Za-z0-9_.:-]{1,128}$/

function checkAad (aad: RecordAad & { column?: string }): void {
  if (!NAME.test(aad.table)) throw new TypeError('aad.table must match [A-Za-z][A-Za-z0-9_]{0,62}')
  if (aad.column !== undefined && !NAME.test(aad.column)) throw new TypeError('aad.column must match [A-Za-z][A-Za-z0-9_]{0,62}')
  if (!ROW_ID.test(aad.rowId)) throw new TypeError('aad.rowId must be 1-128 characters of A-Z a-z 0-9 _ . : -')
}

const fieldAad = (a: FieldAad): string => { checkAad(a); return `${VERSION}|${a.table}|${a.column}|${a.rowId}` }
const wrapAad = (kid: string, a: RecordAad): string => { checkAad(a); return `${VERSION}|dek|${kid}|${a.table}|${a.rowId}` }

function checkDek (dek: DataKey): void {
  if (dek.type !== 'secret' || dek.symmetricKeySize !== DEK_BYTES) throw new TypeError(`a data key must be a ${DEK_BYTES}-byte secret KeyObject`)
}

/** Split `v1.<parts…>`; the version is checked first so a future v2 gets a clear reason. */
function parseEnvelope (text: string, parts: number): string[] {
  if (typeof text !== 'string' || text.length > 16 * 1024 * 1024) throw new DecryptionError('malformed')
  const fields = text.split('.')
  if (fields[0] !== VERSION) throw new DecryptionError(/^v\d{1,3}$/.test(fields[0] ?? '') ? 'unsupported_version' : 'malformed')
  if (fields.length !== parts) throw new DecryptionError('malformed')
  return fields.slice(1)
}

const sealedFrom = (iv: string, tag: string, ct: string): Sealed => ({ iv: fromB64u(iv), tag: fromB64u(tag), ct: fromB64u(ct) })
const format = (s: Sealed): string => `${toB64u(s.iv)}.${toB64u(s.tag)}.${toB64u(s.ct)}`

/** A fresh random DEK for a new record. */
export function generateDataKey (): DataKey {
  const bytes = randomBytes(DEK_BYTES)
  try { return createSecretKey(bytes) } finally { bytes.fill(0) }
}

/** Wrap a DEK under the keyring's current root. */
export function wrapDataKey (keyring: Keyring, dek: DataKey, aad: RecordAad): string {
  checkDek(dek)
  const kid = keyring.currentKid
  const raw = dek.export()
  try {
    return `${VERSION}.${kid}.${format(seal(keyring.wrappingKey(kid), raw, wrapAad(kid, aad)))}`
  } finally {
    raw.fill(0)
  }
}

/** The root key id a wrapped DEK was wrapped under (for an `enc_kid` column and rotation queries). */
export function wrappedKeyId (wrapped: string): string {
  const [kid = ''] = parseEnvelope(wrapped, 5)
  if (!KID_PATTERN.test(kid)) throw new DecryptionError('malformed')
  return kid
}

/** Unwrap with the root named in the envelope; UnknownKeyIdError if that kid is not configured. */
export function unwrapDataKey (keyring: Keyring, wrapped: string, aad: RecordAad): DataKey {
  const raw = unwrapDataKeyBytes(keyring, wrapped, aad)
  try {
    return createSecretKey(raw)
  } finally {
    raw.fill(0)
  }
}

/** The data key's bytes, for a caller that uses them once and zeroes them. */
function unwrapDataKeyBytes (keyring: Keyring, wrapped: string, aad: RecordAad): Buffer {
  const [kid = '', iv = '', tag = '', ct = ''] = parseEnvelope(wrapped, 5)
  if (!KID_PATTERN.test(kid)) throw new DecryptionError('malformed')
  const key = keyring.wrappingKey(kid)
  const raw = open(key, sealedFrom(iv, tag, ct), wrapAad(kid, aad))
  if (raw.length !== DEK_BYTES) {
    raw.fill(0)
    throw new DecryptionError('malformed')
  }
  return raw
}

/** True when the DEK is wrapped under a root other than the current one. */
export function needsRewrap (keyring: Keyring, wrapped: string): boolean {
  return wrappedKeyId(wrapped) !== keyring.currentKid
}

/**
 * Re-wrap under the current root. Always authenticates the old wrap first; returns the
 * input unchanged when it is already current, so the rotation job is idempotent and
 * writes nothing for rows that are done.
 */
export function rewrapDataKey (keyring: Keyring, wrapped: string, aad: RecordAad): string {
  const dek = unwrapDataKey(keyring, wrapped, aad)
  return needsRewrap(keyring, wrapped) ? wrapDataKey(keyring, dek, aad) : wrapped
}

// Lone surrogates cannot be encoded as UTF-8; Buffer.from would silently turn them into
// U+FFFD and decryption would return a different string. Refuse instead.
const LONE_SURROGATE = /\p{Cs}/u

/** Encrypt one field of a record with its DEK. */
export function encryptField (dek: DataKey, plaintext: string, aad: FieldAad): string {
  checkDek(dek)
  if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string')
  if (LONE_SURROGATE.test(plaintext)) throw new TypeError('plaintext is not well-formed Unicode (lone surrogate)')
  const data = pad(Buffer.from(plaintext, 'utf8'))
  try {
    return `${VERSION}.${format(seal(dek, data, fieldAad(aad)))}`
  } finally {
    data.fill(0)
  }
}

/** Decrypt one field; DecryptionError if it was altered, moved, or belongs to another key. */
export function decryptField (dek: DataKey, ciphertext: string, aad: FieldAad): string {
  checkDek(dek)
  return decryptFieldWith(dek, ciphertext, aad)
}

function decryptFieldWith (dek: DataKey | Buffer, ciphertext: string, aad: FieldAad): string {
  const [iv = '', tag = '', ct = ''] = parseEnvelope(ciphertext, 4)
  const data = open(dek, sealedFrom(iv, tag, ct), fieldAad(aad))
  try {
    return unpad(data).toString('utf8')
  } finally {
    data.fill(0)
  }
}

export const IDENTITY_COLUMN = 'identity'

/** Encrypt a whole JSON value (e.g. { fullName, aliases, dateOfBirth, notes }) as one field `identity`. */
export function sealJson (dek: DataKey, value: unknown, aad: RecordAad): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch {
    // JSON.stringify's messages can quote property names; ours quotes nothing.
    throw new TypeError('value is not JSON-serialisable')
  }
  if (json === undefined) throw new TypeError('value is not JSON-serialisable')
  return encryptField(dek, json, { ...aad, column: IDENTITY_COLUMN })
}

/** Decrypt what sealJson produced. The result is untrusted-shape JSON: validate it. */
export function openJson (dek: DataKey, ciphertext: string, aad: RecordAad): unknown {
  checkDek(dek)
  return openJsonWith(dek, ciphertext, aad)
}

/**
 * unwrapDataKey then openJson, the data key used once as bytes and zeroed: no KeyObject is made for it. A page
 * of 50 identities made 50 of them, each a native object the garbage collector must finalise (about 2 µs apiece in
 * its pauses, beside 1.3 µs to make it).
 */
export function openJsonUnderWrappedKey (keyring: Keyring, wrapped: string, keyAad: RecordAad, ciphertext: string, aad: RecordAad): unknown {
  const dek = unwrapDataKeyBytes(keyring, wrapped, keyAad)
  try {
    return openJsonWith(dek, ciphertext, aad)
  } finally {
    dek.fill(0)
  }
}

function openJsonWith (dek: DataKey | Buffer, ciphertext: string, aad: RecordAad): unknown {
  const json = decryptFieldWith(dek, ciphertext, { ...aad, column: IDENTITY_COLUMN })
  try {
    return JSON.parse(json)
  } catch {
    throw new DecryptionError('malformed')
  }
}
