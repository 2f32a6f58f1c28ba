import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AdminError } from '../../src/admin/partners.ts'
import { prependKeyInFile } from '../../src/admin/rotation.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets, parseKeyring } from '../../src/crypto/index.ts'

describe('rotate-keys --new-key in embedded mode (DATA_DIR/keys.json)', () => {
  let dataDir: string
  let file: string
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-keys-'))
    file = path.join(dataDir, 'keys.json')
  })
  afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }) })

  it('puts a fresh key first, keeps the old ones and the other two secrets, and stays owner-only', async () => {
    const original = generateCryptoSecretsEnv()
    fs.writeFileSync(file, JSON.stringify(original), { mode: 0o600 })
    const oldKid = parseKeyring(original.ENCRYPTION_KEYS).currentKid

    const first = await prependKeyInFile(dataDir)
    const second = await prependKeyInFile(dataDir)

    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
    const secrets = loadCryptoSecrets(stored)
    expect(secrets.keyring.kids).toEqual([second.currentKid, first.currentKid, oldKid])
    expect(second.kids).toEqual(secrets.keyring.kids)
    expect(stored.ENCRYPTION_KEYS!.endsWith(original.ENCRYPTION_KEYS)).toBe(true)
    expect(stored.BLIND_INDEX_KEY).toBe(original.BLIND_INDEX_KEY)
    expect(stored.API_KEY_PEPPER).toBe(original.API_KEY_PEPPER)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    // Written beside and renamed over: no temporary file is left behind.
    expect(fs.readdirSync(dataDir)).toEqual(['keys.json'])
  })

  it('says what to do when there is no keys.json, or it is not JSON', async () => {
    await expect(prependKeyInFile(dataDir)).rejects.toThrow(AdminError)
    await expect(prependKeyInFile(dataDir)).rejects.toThrow(/start the server once .* or set ENCRYPTION_KEYS/)
    fs.writeFileSync(file, '{ nope')
    await expect(prependKeyInFile(dataDir)).rejects.toThrow(/not readable JSON/)
    expect(fs.readFileSync(file, 'utf8')).toBe('{ nope')
  })
})
