import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DecryptionError, UnknownKeyIdError, decryptField, encryptField, generateDataKey, generateKeyringString, needsRewrap,
  openJson, openJsonUnderWrappedKey, parseKeyring, prependNewKey, rewrapDataKey, sealJson, unwrapDataKey, wrapDataKey, wrappedKeyId,
  type FieldAad
} from '../../src/crypto/index.ts'
import { fromB64u } from '../../src/crypto/aead.ts'

const ring = parseKeyring(generateKeyringString('k1'))
const dek = generateDataKey()
const aad: FieldAad = { table: 'red_notices', column: 'identity', rowId: '6f1c2a9e-3b0d-4c8e-9a57-1d2e3f4a5b6c' }
const record = { table: aad.table, rowId: aad.rowId }

const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string())
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)
const rowId = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/))
const fieldAad = fc.record({ table: ident, column: ident, rowId })

/** Flip one bit of one binary part (index into the dot-separated parts) and re-encode. */
function flipBit (envelope: string, part: number, bit: number): string {
  const parts = envelope.split('.')
  const bytes = Buffer.from(parts[part] ?? '', 'base64url')
  const i = Math.floor(bit / 8) % bytes.length
  bytes[i] = (bytes[i] ?? 0) ^ (1 << (bit % 8))
  parts[part] = bytes.toString('base64url')
  return parts.join('.')
}

function errorOf (fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected an error')
}

const failsWith = (reason: DecryptionError['reason'], fn: () => unknown): void => {
  const err = errorOf(fn)
  expect(err).toBeInstanceOf(DecryptionError)
  expect((err as DecryptionError).reason).toBe(reason)
}

describe('field encryption', () => {
  it('decrypt(encrypt(x)) = x for arbitrary Unicode and AAD', () => {
    fc.assert(fc.property(anyText, fieldAad, (text, where) => {
      expect(decryptField(dek, encryptField(dek, text, where), where)).toBe(text)
    }), { numRuns: 500 })
  })

  it('two encryptions of the same value differ', () => {
    fc.assert(fc.property(anyText, (text) => {
      expect(encryptField(dek, text, aad)).not.toBe(encryptField(dek, text, aad))
    }), { numRuns: 200 })
  })

  it('any single-bit flip in iv, tag or ciphertext throws', () => {
    fc.assert(fc.property(anyText, fc.constantFrom(1, 2, 3), fc.nat(), (text, part, bit) => {
      const ct = encryptField(dek, text, aad)
      failsWith('authentication_failed', () => decryptField(dek, flipBit(ct, part, bit), aad))
    }), { numRuns: 500 })
  })

  it('a ciphertext moved to another table, column or row throws', () => {
    fc.assert(fc.property(anyText, fieldAad, fieldAad, (text, from, to) => {
      fc.pre(from.table !== to.table || from.column !== to.column || from.rowId !== to.rowId)
      failsWith('authentication_failed', () => decryptField(dek, encryptField(dek, text, from), to))
    }), { numRuns: 300 })
    // The cases that matter most: another partner's report is another row.
    const ct = encryptField(dek, 'Zelimkhan', aad)
    failsWith('authentication_failed', () => decryptField(dek, ct, { ...aad, rowId: 'b7c0e4aa-0000-4000-8000-000000000000' }))
    failsWith('authentication_failed', () => decryptField(dek, ct, { ...aad, column: 'notes' }))
    failsWith('authentication_failed', () => decryptField(dek, ct, { ...aad, table: 'assurances' }))
  })

  it('a truncated or extended tag throws', () => {
    const ct = encryptField(dek, 'Magomed', aad)
    const [v, iv, tag = '', body] = ct.split('.')
    const tagBytes = Buffer.from(tag, 'base64url')
    for (let len = 0; len < 16; len++) {
      failsWith('malformed', () => decryptField(dek, [v, iv, tagBytes.subarray(0, len).toString('base64url'), body].join('.'), aad))
    }
    failsWith('malformed', () => decryptField(dek, [v, iv, Buffer.concat([tagBytes, Buffer.from([0])]).toString('base64url'), body].join('.'), aad))
  })

  it('rejects a non-canonical base64url spelling of the same bytes', () => {
    const ct = encryptField(dek, 'Magomed', aad)
    const parts = ct.split('.')
    const tag = parts[2] ?? ''
    // 16 bytes = 22 chars; the last char carries 4 spare bits. Change only those.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(tag.at(-1) ?? '')
    parts[2] = tag.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charAt(last ^ 1)
    expect(Buffer.from(parts[2], 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true)
    failsWith('malformed', () => decryptField(dek, parts.join('.'), aad))
  })

  it('accepts exactly the canonical base64url spellings: those that encoding their bytes again gives back', () => {
    // fromB64u checks canonicality arithmetically (length and spare bits); this pins it to the definition.
    const b64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 40 })
    fc.assert(fc.property(b64url, (text) => {
      const canonical = Buffer.from(text, 'base64url').toString('base64url') === text
      let accepted = true
      try { fromB64u(text) } catch (err) { expect(err).toBeInstanceOf(DecryptionError); accepted = false }
      expect(accepted).toBe(canonical)
      if (accepted) expect(fromB64u(text).equals(Buffer.from(text, 'base64url'))).toBe(true)
    }), { numRuns: 2000 })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      expect(fromB64u(Buffer.from(bytes).toString('base64url')).equals(Buffer.from(bytes))).toBe(true)
    }))
  })

  it('fails with another data key', () => {
    failsWith('authentication_failed', () => decryptField(generateDataKey(), encryptField(dek, 'Ramzan', aad), aad))
  })

  it('names an unknown version and refuses garbage', () => {
    const ct = encryptField(dek, 'x', aad)
    failsWith('unsupported_version', () => decryptField(dek, ct.replace(/^v1/, 'v2'), aad))
    for (const junk of ['', 'v1', 'v1...', 'v1.a.b', `${ct}.x`, ct.replace(/^v1/, 'V1'), ct.replace('.', '.!')]) {
      failsWith('malformed', () => decryptField(dek, junk, aad))
    }
  })

  it('pads so the ciphertext length only shows a 32-byte bucket', () => {
    const len = (s: string): number => encryptField(dek, s, aad).length
    expect(len('')).toBe(len('A'.repeat(31)))
    expect(len('Ali')).toBe(len('Zelimkhan Yandarbiyev'))
    expect(len('A'.repeat(32))).toBeGreaterThan(len('A'.repeat(31)))
  })

  it('refuses lone surrogates instead of silently changing the text', () => {
    expect(() => encryptField(dek, 'ab\uD800cd', aad)).toThrow(TypeError)
    expect(() => encryptField(dek, '\uDC00', aad)).toThrow(/well-formed/)
  })

  it('validates AAD components so the AAD string stays unambiguous', () => {
    for (const bad of [{ ...aad, table: 'a|b' }, { ...aad, column: '' }, { ...aad, rowId: 'x|y' }, { ...aad, rowId: 'r'.repeat(129) }]) {
      expect(() => encryptField(dek, 'x', bad)).toThrow(TypeError)
    }
  })
})

describe('data keys: wrap, unwrap, rotation', () => {
  it('round-trips a DEK, bound to its record', () => {
    const wrapped = wrapDataKey(ring, dek, record)
    expect(wrapped).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]{22}\.[\w-]{43}$/)
    expect(wrappedKeyId(wrapped)).toBe('k1')
    const again = unwrapDataKey(ring, wrapped, record)
    expect(decryptField(again, encryptField(dek, 'Зелимхан', aad), aad)).toBe('Зелимхан')
    failsWith('authentication_failed', () => unwrapDataKey(ring, wrapped, { ...record, rowId: 'other' }))
    failsWith('authentication_failed', () => unwrapDataKey(ring, wrapped, { ...record, table: 'assurances' }))
  })

  it('any single-bit flip in a wrapped DEK throws', () => {
    const wrapped = wrapDataKey(ring, dek, record)
    fc.assert(fc.property(fc.constantFrom(2, 3, 4), fc.nat(), (part, bit) => {
      failsWith('authentication_failed', () => unwrapDataKey(ring, flipBit(wrapped, part, bit), record))
    }), { numRuns: 300 })
  })

  it('an unknown kid gives the typed UnknownKeyIdError', () => {
    const other = parseKeyring(generateKeyringString('k9'))
    const err = errorOf(() => unwrapDataKey(other, wrapDataKey(ring, dek, record), record))
    expect(err).toBeInstanceOf(UnknownKeyIdError)
    expect((err as UnknownKeyIdError).kid).toBe('k1')
  })

  it('a kid swapped in the envelope fails even when the other kid exists', () => {
    const both = parseKeyring(prependNewKey(generateKeyringString('k1'), 'k2'))
    const wrapped = wrapDataKey(both, dek, record)
    failsWith('authentication_failed', () => unwrapDataKey(both, wrapped.replace('.k2.', '.k1.'), record))
  })

  it('rotation: old wraps stay readable, rewrap moves them to the new kid', () => {
    const oldString = generateKeyringString('k2025b')
    const oldRing = parseKeyring(oldString)
    const wrapped = wrapDataKey(oldRing, dek, record)
    const field = encryptField(dek, 'Рамзан Кадыров', aad)

    const rotatedString = prependNewKey(oldString, 'k2026a')
    const rotated = parseKeyring(rotatedString)
    expect(needsRewrap(rotated, wrapped)).toBe(true)
    expect(decryptField(unwrapDataKey(rotated, wrapped, record), field, aad)).toBe('Рамзан Кадыров')

    const moved = rewrapDataKey(rotated, wrapped, record)
    expect(wrappedKeyId(moved)).toBe('k2026a')
    expect(needsRewrap(rotated, moved)).toBe(false)
    expect(rewrapDataKey(rotated, moved, record)).toBe(moved) // idempotent: nothing to write

    // Once every DEK is re-wrapped the old root can go; the row data never changed.
    const retired = parseKeyring(rotatedString.split(',')[0])
    expect(decryptField(unwrapDataKey(retired, moved, record), field, aad)).toBe('Рамзан Кадыров')
    expect(() => unwrapDataKey(retired, wrapped, record)).toThrow(UnknownKeyIdError)
  })

  it('rewrap refuses a tampered wrap instead of laundering it under the new kid', () => {
    const oldString = generateKeyringString('k1')
    const wrapped = wrapDataKey(parseKeyring(oldString), dek, record)
    const rotated = parseKeyring(prependNewKey(oldString, 'k2'))
    failsWith('authentication_failed', () => rewrapDataKey(rotated, flipBit(wrapped, 4, 3), record))
    failsWith('authentication_failed', () => rewrapDataKey(rotated, wrapped, { ...record, rowId: 'other' }))
  })

  it('does not accept a field ciphertext as a wrapped key, or the reverse', () => {
    failsWith('malformed', () => unwrapDataKey(ring, encryptField(dek, 'x', aad), record))
    failsWith('malformed', () => decryptField(dek, wrapDataKey(ring, dek, record), aad))
  })

  it('shows no key material when a DEK is logged', () => {
    const raw = dek.export().toString('hex')
    expect(inspect(dek, { showHidden: true, depth: 5 })).not.toContain(raw.slice(0, 8))
    expect(JSON.stringify({ dek })).not.toContain(raw.slice(0, 8))
  })
})

describe('sealJson / openJson', () => {
  const identity = { fullName: 'Зелимхан Яндарбиев', aliases: ['Zelimkhan Yandarbiyev'], dateOfBirth: '1952-09-12', notes: 'odd \uD800 surrogate kept' }

  it('round-trips an identity object under the identity column', () => {
    const sealed = sealJson(dek, identity, record)
    expect(openJson(dek, sealed, record)).toEqual(identity)
    expect(decryptField(dek, sealed, { ...record, column: 'identity' })).toBe(JSON.stringify(identity))
    failsWith('authentication_failed', () => decryptField(dek, sealed, { ...record, column: 'notes' }))
    failsWith('authentication_failed', () => openJson(dek, sealed, { ...record, rowId: 'another' }))
  })

  it('round-trips arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(openJson(dek, sealJson(dek, value, record), record)).toEqual(JSON.parse(JSON.stringify(value)))
    }), { numRuns: 200 })
  })

  it('opens under a wrapped key as unwrapping it then opening does, bound to both records', () => {
    const wrapped = wrapDataKey(ring, dek, record)
    const identityRecord = { table: 'red_notice_revisions', rowId: `${record.rowId}:r2` }
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const sealed = sealJson(dek, value, identityRecord)
      expect(openJsonUnderWrappedKey(ring, wrapped, record, sealed, identityRecord)).toEqual(openJson(unwrapDataKey(ring, wrapped, record), sealed, identityRecord))
    }), { numRuns: 100 })
    const sealed = sealJson(dek, identity, identityRecord)
    failsWith('authentication_failed', () => openJsonUnderWrappedKey(ring, wrapped, { ...record, rowId: 'other' }, sealed, identityRecord))
    failsWith('authentication_failed', () => openJsonUnderWrappedKey(ring, wrapped, record, sealed, { ...identityRecord, rowId: `${record.rowId}:r1` }))
    failsWith('authentication_failed', () => openJsonUnderWrappedKey(ring, flipBit(wrapped, 4, 7), record, sealed, identityRecord))
    failsWith('authentication_failed', () => openJsonUnderWrappedKey(ring, wrapDataKey(ring, generateDataKey(), record), record, sealed, identityRecord))
    failsWith('authentication_failed', () => openJsonUnderWrappedKey(ring, wrapped, record, flipBit(sealed, 3, 11), identityRecord))
  })

  it('refuses values JSON cannot represent', () => {
    expect(() => sealJson(dek, undefined, record)).toThrow(TypeError)
    expect(() => sealJson(dek, { n: 1n }, record)).toThrow('value is not JSON-serialisable')
  })
})

describe('errors never contain plaintext, keys or ciphertext', () => {
  const CANARY = 'CANARY-Ахмед-Zakayev-7f3a'
  const everything = (err: Error): string => `${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err)}\n${inspect(err, { depth: 5, showHidden: true })}`

  it('for every way decryption can fail (property)', () => {
    const mutate = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), part: fc.constantFrom(1, 2, 3), bit: fc.nat() }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('aad' as const), rowId })
    )
    fc.assert(fc.property(fc.string(), fc.string(), mutate, (before, after, how) => {
      const plaintext = `${before}${CANARY}${after}`
      const ct = encryptField(dek, plaintext, aad)
      const run = how.kind === 'flip'
        ? () => decryptField(dek, flipBit(ct, how.part, how.bit), aad)
        : how.kind === 'cut'
          ? () => decryptField(dek, ct.slice(0, how.at % ct.length), aad)
          : () => decryptField(dek, ct, { ...aad, rowId: how.rowId === aad.rowId ? 'x' : how.rowId })
      const text = everything(errorOf(run))
      expect(text).not.toContain(CANARY)
      for (const part of ct.split('.').slice(1)) if (part.length >= 8) expect(text).not.toContain(part)
      expect(text).not.toContain(dek.export().toString('base64url'))
    }), { numRuns: 300 })
  })

  it('when encrypting refuses its input', () => {
    expect(everything(errorOf(() => encryptField(dek, `${CANARY}\uD800`, aad)))).not.toContain(CANARY)
    const circular: Record<string, unknown> = {}
    circular[CANARY] = circular
    expect(everything(errorOf(() => sealJson(dek, circular, record)))).not.toContain(CANARY)
  })
})
