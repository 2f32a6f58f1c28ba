import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  KeyConfigError, Keyring, UnknownKeyIdError, generateCryptoSecretsEnv, generateKeyringString, generateKid,
  generateRootKeyString, keyFingerprint, loadCryptoSecrets, parseKeyring, parseRootKey, prependNewKey
} from '../../src/crypto/index.ts'

const b64 = (): string => randomBytes(32).toString('base64')

function messageOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(KeyConfigError)
    return (err as Error).message
  }
  throw new Error('expected a KeyConfigError')
}

describe('parseKeyring', () => {
  it('reads kid:key pairs, first is current, every kid readable', () => {
    const ring = parseKeyring(` k2026a:${b64()} , k2025b:${randomBytes(32).toString('base64url')}`)
    expect(ring.currentKid).toBe('k2026a')
    expect(ring.kids).toEqual(['k2026a', 'k2025b'])
    expect(ring.has('k2025b')).toBe(true)
    expect(ring.wrappingKey('k2025b').symmetricKeySize).toBe(32)
  })

  it('throws UnknownKeyIdError for a kid it does not hold', () => {
    expect(() => parseKeyring(`a:${b64()}`).wrappingKey('zz')).toThrow(UnknownKeyIdError)
  })

  it.each([
    ['unset', undefined, /not set/],
    ['empty', '  ', /not set/],
    ['no colon', b64(), /entry 1: expected "kid:base64key"/],
    ['bad kid', `k.1:${b64()}`, /entry 1: key id/],
    ['kid too long', `${'k'.repeat(33)}:${b64()}`, /entry 1: key id/],
    ['short key', `a:${randomBytes(16).toString('base64')}`, /entry 1: key must be 32 bytes/],
    ['not base64', `a:${'!'.repeat(43)}=`, /key must be 32 bytes/],
    ['placeholder', `a:${Buffer.alloc(32).toString('base64')}`, /placeholder/],
    ['duplicate kid', `a:${b64()},a:${b64()}`, /entry 2: key id appears twice/],
    ['second entry bad', `a:${b64()},b:nope`, /entry 2: key must be/]
  ])('rejects %s with a clear error', (_name, value, pattern) => {
    expect(messageOf(() => parseKeyring(value))).toMatch(pattern)
  })

  it('rejects the same key material under two kids', () => {
    const key = b64()
    expect(messageOf(() => parseKeyring(`a:${key},b:${key}`))).toMatch(/entry 2: same key material/)
  })

  it('never puts key material in an error message (property)', () => {
    const bad = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ minLength: 20, maxLength: 60 })
    )
    fc.assert(fc.property(bad, fc.boolean(), (material, swap) => {
      // A key pasted alone, in the kid slot, or as a broken key.
      for (const value of [material, swap ? `${material}:k1` : `k1:${material}`]) {
        let message = ''
        try { parseKeyring(value) } catch (err) { message = (err as Error).message }
        if (message !== '' && material.length >= 6) expect(message).not.toContain(material.slice(0, 6))
      }
    }), { numRuns: 300 })
  })

  it('shows no key material through inspect, JSON or String', () => {
    const key = randomBytes(32)
    const ring = parseKeyring(`k1:${key.toString('base64')}`)
    for (const text of [inspect(ring, { depth: 10, showHidden: true }), JSON.stringify(ring), String(ring), inspect(ring.wrappingKey('k1'))]) {
      expect(text).not.toContain(key.toString('base64').slice(0, 10))
      expect(text).not.toContain(key.toString('hex').slice(0, 10))
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ currentKid: 'k1', kids: ['k1'] })
  })

  it('rejects an empty Keyring', () => {
    expect(() => new Keyring([])).toThrow(KeyConfigError)
  })
})

describe('key generation', () => {
  it('generates a keyring string that parses, with a dated kid', () => {
    const ring = parseKeyring(generateKeyringString())
    expect(ring.currentKid).toMatch(/^k\d{8}[0-9a-f]{4}$/)
    expect(generateKid(new Date('2026-03-04T10:00:00Z'))).toMatch(/^k20260304[0-9a-f]{4}$/)
  })

  it('rotation: prependNewKey makes a new current key and keeps the old ones', () => {
    const old = generateKeyringString('old1')
    const ring = parseKeyring(prependNewKey(old, 'new1'))
    expect(ring.currentKid).toBe('new1')
    expect(ring.kids).toEqual(['new1', 'old1'])
    expect(() => prependNewKey(old, 'old1')).toThrow(/already/)
  })

  it('generates distinct secrets that parse', () => {
    const env = generateCryptoSecretsEnv()
    const secrets = loadCryptoSecrets(env)
    expect(secrets.keyring.kids).toHaveLength(1)
    expect(keyFingerprint(secrets.blindIndexKey)).not.toBe(keyFingerprint(secrets.apiKeyPepper))
    expect(generateRootKeyString()).not.toBe(generateRootKeyString())
  })
})

describe('parseRootKey and loadCryptoSecrets', () => {
  it('names the missing variable', () => {
    expect(messageOf(() => parseRootKey(undefined, 'BLIND_INDEX_KEY'))).toMatch(/^BLIND_INDEX_KEY is not set/)
    const env = generateCryptoSecretsEnv()
    expect(messageOf(() => loadCryptoSecrets({ ...env, API_KEY_PEPPER: undefined }))).toMatch(/^API_KEY_PEPPER/)
    expect(messageOf(() => loadCryptoSecrets({ ...env, ENCRYPTION_KEYS: '' }))).toMatch(/^ENCRYPTION_KEYS/)
  })

  it('refuses one key reused for two purposes', () => {
    const env = generateCryptoSecretsEnv()
    expect(messageOf(() => loadCryptoSecrets({ ...env, API_KEY_PEPPER: env.BLIND_INDEX_KEY }))).toMatch(/must be different/)
    const reused = env.ENCRYPTION_KEYS.slice(env.ENCRYPTION_KEYS.indexOf(':') + 1)
    expect(messageOf(() => loadCryptoSecrets({ ...env, BLIND_INDEX_KEY: reused }))).toMatch(/reuses/)
  })

  it('fingerprints are stable per key and differ between keys', () => {
    const text = generateRootKeyString()
    expect(keyFingerprint(parseRootKey(text, 'X'))).toBe(keyFingerprint(parseRootKey(text, 'X')))
    expect(keyFingerprint(parseRootKey(text, 'X'))).not.toBe(keyFingerprint(parseRootKey(generateRootKeyString(), 'X')))
    const ring = parseKeyring(`a:${text}`)
    expect(ring.fingerprint('a')).toBe(keyFingerprint(parseRootKey(text, 'X')))
  })
})
