import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN_KEY_FILE, FIRST_ADMIN_NAME, announceFirstAdmin, createFirstAdmin } from '../../src/bootstrap.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { auditEvents, partners } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { LogCapture, createTestContext, type TestContext } from '../helpers/app.ts'

describe('the embedded first start', () => {
  let ctx: TestContext
  let dataDir: string
  beforeAll(async () => { ctx = await createTestContext({ storage: 'pglite' }) })
  afterAll(async () => { await ctx.close() })
  beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-first-')) })
  afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }) })

  it('creates one admin whose key works, writes it owner-only, and creates nothing on the next start', async () => {
    const logs = new LogCapture()
    const log = createLogger('info', logs)
    // A file left over from an earlier database is replaced, not trusted.
    fs.writeFileSync(path.join(dataDir, ADMIN_KEY_FILE), '{"apiKey":"stale"}')
    const admin = await createFirstAdmin(ctx.database.db, ctx.secrets.apiKeyPepper, dataDir, log)
    expect(admin).not.toBeNull()
    const file = path.join(dataDir, ADMIN_KEY_FILE)
    expect(admin!.file).toBe(file)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ partnerId: admin!.partnerId, apiKeyId: admin!.apiKeyId, apiKey: admin!.apiKey })

    const res = await ctx.app.inject({ url: '/v1/partners', headers: { authorization: `Bearer ${admin!.apiKey}` } })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.map((p: { name: string }) => p.name)).toEqual([FIRST_ADMIN_NAME])

    expect(await createFirstAdmin(ctx.database.db, ctx.secrets.apiKeyPepper, dataDir, log)).toBeNull()
    const rows = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => ({
      partners: await tx.select().from(partners),
      events: await tx.select().from(auditEvents).orderBy(auditEvents.id)
    }))
    expect(rows.partners).toHaveLength(1)
    expect(rows.events.map((e) => [e.action, e.actorPartnerId, e.targetId, e.details])).toEqual([
      ['partner.created', null, admin!.partnerId, { via: 'first-start' }],
      ['api_key.created', null, admin!.apiKeyId, { role: 'admin', partnerId: admin!.partnerId, via: 'first-start' }]
    ])
    expect(logs.text()).not.toContain(admin!.apiKey)
  })

  it('prints the key in a block on a terminal, and only the file path through the logger otherwise', () => {
    const admin = { partnerId: 'p', apiKeyId: 'k', apiKey: 'rnm_secret_value', file: '/data/admin-key.json' }
    let printed = ''
    const logs = new LogCapture()
    announceFirstAdmin(admin, { isTTY: true, write: (text) => { printed += text } }, createLogger('info', logs), 'http://127.0.0.1:3000')
    expect(printed).toContain('   rnm_secret_value\n')
    expect(printed).toContain('/data/admin-key.json')
    expect(logs.lines).toEqual([])

    printed = ''
    announceFirstAdmin(admin, { isTTY: false, write: (text) => { printed += text } }, createLogger('info', logs), 'http://127.0.0.1:3000')
    expect(printed).toBe('')
    expect(logs.text()).toContain('/data/admin-key.json')
    expect(logs.text()).not.toContain('rnm_secret_value')
  })

  it('leaves no admin behind when the key file cannot be written', async () => {
    const other = await createTestContext({ storage: 'pglite', secrets: loadCryptoSecrets(generateCryptoSecretsEnv()) })
    try {
      const missing = path.join(dataDir, 'does-not-exist')
      await expect(createFirstAdmin(other.database.db, other.secrets.apiKeyPepper, missing, createLogger('silent'))).rejects.toThrow(/ENOENT/)
      const count = await withContext(other.database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(partners))
      expect(count).toEqual([])
    } finally {
      await other.close()
    }
  })
})
