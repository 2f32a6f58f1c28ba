// AES-256-GCM primitives and the strict text encoding of their parts.
//
// Internal to src/crypto: callers use envelope.ts.

import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto'
import { DecryptionError } from './errors.ts'

export const IV_BYTES = 12 // 96-bit random IV, the size GCM is specified for (SP 800-38D)
export const TAG_BYTES = 16 // full tag; shorter tags are forgeable far more cheaply

export interface Sealed { iv: Buffer, tag: Buffer, ct: Buffer }

export function seal (key: KeyObject, plaintext: Uint8Array, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { iv, tag: cipher.getAuthTag(), ct }
}

/** Throws DecryptionError('authentication_failed') on any tampering, wrong key or wrong AAD. */
export function open (key: KeyObject | Buffer, { iv, tag, ct }: Sealed, aad: string): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('malformed')
  try {
    // authTagLength is always explicit: without it Node once accepted truncated tags (DEP0182).
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    decipher.setAuthTag(tag)
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    const plaintext = decipher.update(ct)
    // GCM has no block to finish: final() checks the tag (and throws) and returns nothing, so no concatenated copy.
    const rest = decipher.final()
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest])
  } catch {
    // Node's message is harmless today, but we do not forward text we do not control.
    throw new DecryptionError('authentication_failed')
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/
const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Decode base64url and insist the text is the canonical encoding of the bytes. Node's
 * decoder ignores stray characters and trailing bits, so without this check several
 * different strings would open to the same record. Canonical unpadded base64url is: only
 * the alphabet, no lone last character (a length of 4n + 1 holds no byte), and zero bits
 * past the last byte in the last character (4 of them after 4n + 2 characters, 2 after
 * 4n + 3), which is what encoding the bytes again would check, without the copy.
 */
export function fromB64u (text: string): Buffer {
  if (!B64URL.test(text)) throw new DecryptionError('malformed')
  const rest = text.length % 4
  if (rest === 1) throw new DecryptionError('malformed')
  if (rest !== 0 && (B64URL_ALPHABET.indexOf(text[text.length - 1]!) & (rest === 2 ? 0x0f : 0x03)) !== 0) throw new DecryptionError('malformed')
  return Buffer.from(text, 'base64url')
}

export const toB64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')

// Padding (ISO/IEC 7816-4: 0x80 then zeros) to a multiple of PAD_BLOCK bytes, so the
// ciphertext length says only roughly how long a name is, not exactly.
export const PAD_BLOCK = 32

export function pad (data: Uint8Array): Buffer {
  const out = Buffer.alloc((Math.floor(data.length / PAD_BLOCK) + 1) * PAD_BLOCK)
  out.set(data)
  out[data.length] = 0x80
  return out
}

export function unpad (data: Buffer): Buffer {
  let end = data.length - 1
  while (end >= 0 && data[end] === 0) end--
  if (end < 0 || data[end] !== 0x80) throw new DecryptionError('malformed')
  return data.subarray(0, end)
}
