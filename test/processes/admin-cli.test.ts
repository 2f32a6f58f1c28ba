import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCryptoSecretsEnv, loadCryptoSecrets, parseKeyring, wrappedKeyId } from '../../src/crypto/index.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { decryptAll, insertEncryptedRows, readWrappedKeys } from '../helpers/encrypted-rows.ts'
import { runCommand } from '../helpers/process.ts'

const ADMIN = ['node', '--import', 'tsx', 'src/scripts/admin.ts']

// The real entry point, spawned as an operator runs it; the command logic is covered in-process by test/admin/cli.test.ts.
describe('the admin command line against PostgreSQL', () => {
  let testDb: TestDatabase
  let keepAlive: pg.Client
  let ctx: TestContext
  let dataDir: string
  const secretsEnv = generateCryptoSecretsEnv()
  let env: Record<string, string>

  const admin = (args: string[], extraEnv: Record<string, string> = {}) => runCommand([...ADMIN, ...args], { ...env, ...extraEnv })
  const request = (apiKey: string, url = '/v1/partners') => ctx.app.inject({ url, headers: { authorization: `Bearer ${apiKey}` } })

  beforeAll(async () => {
    testDb = await createTestDatabase()
    // Another test run's global setup drops rnm_t_* databases that nobody is connected to, which between two
    // spawned commands (the pool's idle connections time out) would be this one.
    keepAlive = new pg.Client({ connectionString: testDb.url })
    await keepAlive.connect()
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-cli-'))
    env = { DATABASE_URL: testDb.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...secretsEnv }
    // The API on the same database with the same secrets, as a deployed server would be.
    ctx = await createTestContext({ testDatabase: testDb, secrets: loadCryptoSecrets(secretsEnv) })
  })
  afterAll(async () => {
    await ctx.close()
    await keepAlive.end()
    await testDb.drop()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('create-partner prints the key as JSON on stdout, and the key authenticates; revoke-key makes it 401 at once', async () => {
    const created = await admin(['create-partner', '--name', 'Coalition secretariat', '--role', 'admin', '--label', 'ops laptop'])
    expect(created.code, created.stderr).toBe(0)
    const issued = JSON.parse(created.stdout) as { partnerId: string, apiKeyId: string, apiKey: string }
    expect(Object.keys(issued)).toEqual(['partnerId', 'apiKeyId', 'apiKey'])
    expect(issued.apiKey).toMatch(/^rnm_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/)
    expect(created.stderr).toContain('shown only this once')
    expect(created.stderr).not.toContain(issued.apiKey)
    expect((await request(issued.apiKey)).statusCode).toBe(200)

    const revoked = await admin(['revoke-key', '--id', issued.apiKeyId])
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(JSON.parse(revoked.stdout)).toEqual({ apiKeyId: issued.apiKeyId, revoked: true })
    expect((await request(issued.apiKey)).statusCode).toBe(401)
    const again = await admin(['revoke-key', '--id', issued.apiKeyId])
    expect(again).toMatchObject({ code: 1, stdout: '' })
    expect(again.stderr.trim()).toBe(`error: no active API key with id ${issued.apiKeyId}`)
  })

  it('ends with one line naming the variable on a configuration error (exit 2)', async () => {
    const run = await admin(['list-partners'], { DATABASE_STATEMENT_TIMEOUT_MS: 'soon' })
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'Configuration error: DATABASE_STATEMENT_TIMEOUT_MS: must be integer\n' })
  })

  it('rotate-keys: --new-key prints the next ENCRYPTION_KEYS, --rewrap moves every data key to it, identities still decrypt', async () => {
    const oldKeyring = parseKeyring(secretsEnv.ENCRYPTION_KEYS)
    const rows = await insertEncryptedRows(ctx.database, oldKeyring, { redNotices: 4, assurances: 3, erased: 1 })

    const next = await admin(['rotate-keys', '--new-key'])
    expect(next.code, next.stderr).toBe(0)
    const value = next.stdout.trim()
    const newKeyring = parseKeyring(value)
    expect(newKeyring.kids).toEqual([newKeyring.currentKid, oldKeyring.currentKid])
    expect(value.endsWith(secretsEnv.ENCRYPTION_KEYS)).toBe(true)

    const rewrap = await admin(['rotate-keys', '--rewrap', '--batch-size', '3'], { ENCRYPTION_KEYS: value })
    expect(rewrap.code, rewrap.stderr).toBe(0)
    expect(JSON.parse(rewrap.stdout)).toEqual({ rewrapped: 7, alreadyCurrent: 0, remaining: 0, currentKid: newKeyring.currentKid })
    expect(rewrap.stderr).toContain('rewrap red_notices: 3/4')
    expect(rewrap.stderr).toContain('rewrap assurances: 3/3')

    const kids = await decryptAll(ctx.database, newKeyring, rows)
    expect(new Set(kids.values())).toEqual(new Set([newKeyring.currentKid, null]))
    for (const [, stored] of await readWrappedKeys(ctx.database, rows)) {
      if (stored.wrappedKey !== null) expect(wrappedKeyId(stored.wrappedKey)).toBe(newKeyring.currentKid)
    }
    expect(rewrap.stdout + rewrap.stderr).not.toContain(value)
  })
})
