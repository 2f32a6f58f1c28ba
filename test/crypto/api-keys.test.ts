import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DUMMY_HASH, generateApiKey, generateRootKeyString, hashSecret, parseApiKey, parseRootKey, verifySecret
} from '../../src/crypto/index.ts'

const pepper = parseRootKey(generateRootKeyString(), 'API_KEY_PEPPER')
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Same secret bytes, different text: the 43rd character carries 2 spare bits; set one. */
function nonCanonical (token: string): string {
  const changed = token.slice(0, -1) + B64URL.charAt(B64URL.indexOf(token.at(-1) ?? '') ^ 1)
  expect(Buffer.from(changed.slice(-43), 'base64url').equals(Buffer.from(token.slice(-43), 'base64url'))).toBe(true)
  return changed
}

describe('API keys', () => {
  it('round trip: generate, parse, hash, verify', () => {
    const key = generateApiKey()
    expect(key.token).toMatch(/^rnm_[0-9a-f]{32}_[\w-]{43}$/)
    expect(parseApiKey(key.token)).toEqual({ keyId: key.keyId, secret: key.secret })
    const stored = hashSecret(pepper, key.secret)
    expect(stored).toMatch(/^[\w-]{43}$/)
    expect(stored).not.toContain(key.secret)
    expect(verifySecret(pepper, key.secret, stored)).toBe(true)
  })

  it('generates distinct ids and secrets', () => {
    const keys = Array.from({ length: 50 }, generateApiKey)
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(50)
    expect(new Set(keys.map((k) => k.secret)).size).toBe(50)
  })

  it('rejects a wrong secret, another pepper, and any one-character change', () => {
    const key = generateApiKey()
    const stored = hashSecret(pepper, key.secret)
    expect(verifySecret(pepper, generateApiKey().secret, stored)).toBe(false)
    expect(verifySecret(parseRootKey(generateRootKeyString(), 'P'), key.secret, stored)).toBe(false)
    fc.assert(fc.property(fc.nat({ max: 42 }), fc.constantFrom(...'ABCabc019-_'), (i, c) => {
      const changed = key.secret.slice(0, i) + c + key.secret.slice(i + 1)
      fc.pre(changed !== key.secret)
      expect(verifySecret(pepper, changed, stored)).toBe(false)
    }))
  })

  it('DUMMY_HASH is well formed and matches no secret', () => {
    expect(Buffer.from(DUMMY_HASH, 'base64url')).toHaveLength(32)
    fc.assert(fc.property(fc.string(), (secret) => { expect(verifySecret(pepper, secret, DUMMY_HASH)).toBe(false) }))
    expect(verifySecret(pepper, generateApiKey().secret, DUMMY_HASH)).toBe(false)
  })

  it('a malformed stored hash gives false, never an exception', () => {
    const key = generateApiKey()
    const stored = hashSecret(pepper, key.secret)
    for (const bad of ['', 'x', stored.slice(0, -1), `${stored}A`, `${stored}=`, stored.replace(/.$/, '!')]) {
      expect(verifySecret(pepper, key.secret, bad)).toBe(false)
    }
    expect(verifySecret(pepper, key.secret, undefined as unknown as string)).toBe(false)
  })

  it.each([
    ['empty', ''],
    ['old prefix', generateApiKey().token.replace('rnm_', 'rn_')],
    ['upper-case id', generateApiKey().token.replace(/^rnm_([0-9a-f]{32})/, (_m, id: string) => `rnm_${id.toUpperCase()}`)],
    ['short secret', generateApiKey().token.slice(0, -1)],
    ['long secret', `${generateApiKey().token}A`],
    ['whitespace', ` ${generateApiKey().token}`],
    ['Bearer kept', `Bearer ${generateApiKey().token}`],
    ['missing separator', generateApiKey().token.replace(/_(?=[\w-]{43}$)/, '-')],
    ['non-canonical last char', nonCanonical(generateApiKey().token)],
    ['huge', `rnm_${'a'.repeat(1_000_000)}`]
  ])('rejects %s', (_name, token) => {
    expect(parseApiKey(token)).toBeNull()
  })

  it('parses nothing but well-formed tokens (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (s) => {
      const parsed = parseApiKey(s)
      if (parsed !== null) expect(`rnm_${parsed.keyId}_${parsed.secret}`).toBe(s)
    }), { numRuns: 2000 })
    expect(parseApiKey(null)).toBeNull()
    expect(parseApiKey(42)).toBeNull()
  })

  it('parses in bounded time whatever the input', () => {
    const start = performance.now()
    for (let i = 0; i < 1000; i++) parseApiKey(`rnm_${'0'.repeat(32)}_${'_'.repeat(42)}!`)
    parseApiKey('rnm_'.repeat(250_000))
    expect(performance.now() - start).toBeLessThan(500)
  })
})
