/**
 * The restore drill of docs/operations.md, on real PostgreSQL: dump a live database, restore it into a new
 * one, bring the API up on it with the backed-up key material (as *_FILE secrets), and read an identity back.
 * Without the key material the same dump is useless: no key authenticates and no identity can be read.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'

const run = promisify(execFile)
const marker = randomBytes(4).toString('hex')
const IDENTITY = { fullName: `Restore Drill Testov ${marker}`, dateOfBirth: '1979-11-02', aliases: [`Drill ${marker}`] }

async function asAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

describe('restore drill: pg_dump of a live database and the key material bring back every identity', () => {
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-backup-'))
  const keyFiles: Record<string, string> = {}
  const appRole = `rnm_service_t_${randomBytes(4).toString('hex')}`
  let live: TestContext
  let restored: TestDatabase
  let reporter: PartnerKey
  let reportId: string

  beforeAll(async () => {
    // The live service, with its root secrets as an operator keeps them: one file each, owner-only.
    const secretsEnv = generateCryptoSecretsEnv()
    for (const [name, value] of Object.entries(secretsEnv)) {
      keyFiles[`${name}_FILE`] = path.join(backupDir, name.toLowerCase())
      fs.writeFileSync(keyFiles[`${name}_FILE`]!, `${value}\n`, { mode: 0o600 })
    }
    live = await createTestContext({ secrets: loadCryptoSecrets(secretsEnv) })
    const admin = await seedAdmin(live)
    reporter = await createPartner(live, admin.token, 'Drill NGO')
    const filed = await live.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice(IDENTITY) })
    expect(filed.statusCode, filed.body).toBe(201)
    reportId = filed.json().id as string
    restored = await createTestDatabase({ empty: true })
  }, 120_000)

  afterAll(async () => {
    await live.close()
    await restored.drop()
    await asAdmin(async (admin) => { await admin.query(`drop role if exists "${appRole}"`) })
    fs.rmSync(backupDir, { recursive: true, force: true })
  })

  it('dumps the live database (custom format) without a readable identity in it', async () => {
    const dump = path.join(backupDir, 'rnm.dump')
    // The live service keeps its connections open meanwhile: pg_dump reads one consistent snapshot.
    await run('pg_dump', ['--format=custom', '--file', dump, live.testDatabase!.url])
    expect(fs.statSync(dump).size).toBeGreaterThan(10_000)
    const { stdout } = await run('pg_restore', ['--file', '-', dump], { maxBuffer: 256 * 1024 * 1024 })
    expect(stdout).toContain('red_notice_revisions')
    expect(stdout).not.toContain(marker)
  }, 120_000)

  it('restores into a new database with pg_restore, and migrate (forward-only) finds nothing to do but the login role', async () => {
    await run('pg_restore', ['--exit-on-error', '--no-owner', '--dbname', restored.url, path.join(backupDir, 'rnm.dump')])
    const appUrl = new URL(restored.url)
    appUrl.username = appRole
    appUrl.password = randomBytes(12).toString('hex')
    const migrate = startProcess(['node', '--import', 'tsx', 'src/scripts/migrate.ts'], {
      NODE_ENV: 'production', DATABASE_URL: restored.url, APP_DATABASE_URL: appUrl.toString(), ...keyFiles
    })
    const { code } = await migrate.exited
    expect(code, migrate.output()).toBe(0)
    const ledgers = await Promise.all([live.testDatabase!.url, restored.url].map(async (url) => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        return (await client.query('select hash, created_at from drizzle.__drizzle_migrations order by id')).rows
      } finally {
        await client.end()
      }
    }))
    expect(ledgers[1]).toEqual(ledgers[0])
  }, 120_000)

  it('serves the identity back through the API, started as the login role with the key material from files', async () => {
    const appUrl = new URL(restored.url)
    appUrl.username = appRole
    const port = await freePort()
    const api = startProcess(['node', '--import', 'tsx', 'src/server.ts'], {
      NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: appUrl.toString(), ...keyFiles
    })
    try {
      await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/ready`) === 200, 90_000, 'restored api ready')
      const res = await fetch(`http://127.0.0.1:${port}/v1/red-notices/${reportId}`, { headers: bearer(reporter.token) })
      expect(res.status).toBe(200)
      const body = await res.json() as { subject: { fullName: string, dateOfBirth: string, aliases: string[] } }
      expect(body.subject).toMatchObject(IDENTITY)
      const { code } = await api.stop()
      expect(code, api.output()).toBe(0)
      expect(api.output()).not.toContain(marker)
    } finally {
      api.child.kill('SIGKILL')
    }
  }, 180_000)

  it('without the backed-up key material the restored database yields nothing: the keys do not authenticate', async () => {
    const stranger = await createTestContext({ testDatabase: restored })
    try {
      const res = await stranger.app.inject({ url: `/v1/red-notices/${reportId}`, headers: bearer(reporter.token) })
      expect(res.statusCode).toBe(401)
      expect(res.body).not.toContain(marker)
    } finally {
      await stranger.close()
    }
  }, 60_000)
})
