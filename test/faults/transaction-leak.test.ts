import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { bearer, seedReporter } from '../helpers/actors.ts'
import { LogCapture, RecordingQueue } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'

const REPORTS = 20
const FAULTED_REQUESTS = 1000
const POOL_MAX = 5

/**
 * Makes every COMMIT the app's transactions send throw instead, while `inject.on` is set: a fault thrown
 * between a transaction's writes and its COMMIT, in this process's one `pg` (the app runs in it). The
 * transaction's writes are all on the server then, uncommitted; only the app's handling can undo them.
 */
const inject = { on: false, thrown: 0 }
const originalQuery = pg.Client.prototype.query
function injectFaultsAtCommit (): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0]
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text
    if (inject.on && typeof text === 'string' && text.trim().toLowerCase() === 'commit') {
      inject.thrown++
      return Promise.reject(new Error('injected fault between the writes and COMMIT'))
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof pg.Client.prototype.query
}

/** security.md S7: a throw between BEGIN and COMMIT in 1,000 requests. */
describe('S7: transaction leak', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let app: App
  let token: string
  const logs = new LogCapture()
  const ids: string[] = []

  beforeAll(async () => {
    testDb = await createTestDatabase()
    const secretsEnv = generateCryptoSecretsEnv()
    token = await seedReporter(testDb.url, secretsEnv, 'S7 NGO')
    database = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: POOL_MAX, statementTimeoutMs: 5000 }, createLogger('silent'))
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MAX: '100000' }), database, queue: new RecordingQueue(), secrets: loadCryptoSecrets(secretsEnv), logger: createLogger('info', logs) })
    await app.ready()
    for (let i = 0; i < REPORTS; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(token), 'idempotency-key': randomUUID() }, payload: chechenRedNotice({ fullName: `Leak Person ${i}` }) })
      expect(res.statusCode).toBe(201)
      ids.push((res.json() as { id: string }).id)
    }
    injectFaultsAtCommit()
  }, 60_000)

  afterAll(async () => {
    pg.Client.prototype.query = originalQuery
    await app?.close()
    await database?.close()
    await testDb?.drop()
  })

  async function counts (admin: pg.Client): Promise<{ revisions: number, audit: number, maxRevision: number }> {
    const { rows: [row] } = await admin.query<{ revisions: number, audit: number, max_revision: number }>(
      `select (select count(*) from red_notice_revisions)::int as revisions,
              (select count(*) from audit_events)::int as audit,
              (select max(revision) from red_notices)::int as max_revision`)
    return { revisions: row!.revisions, audit: row!.audit, maxRevision: row!.max_revision }
  }

  it('rolls every faulted transaction back, returns every client idle, and serves as before afterwards', async () => {
    const admin = new pg.Client({ connectionString: testDb.url })
    await admin.connect()
    try {
      const before = await counts(admin)
      inject.on = true
      const statuses: Record<string, number> = {}
      let leakedDetail = 0
      // Five lanes at once, so faulted transactions overlap on the pool's clients: updates (a revision,
      // the report, an audit event) and list pages (one audit event per report listed).
      let sent = 0
      await Promise.all(Array.from({ length: 5 }, async (_, lane) => {
        while (sent < FAULTED_REQUESTS) {
          const n = sent++
          const res = n % 5 === 4
            ? await app.inject({ method: 'GET', url: '/v1/red-notices?limit=10', headers: bearer(token) })
            : await app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids[(n + lane) % REPORTS]!}`, headers: { ...bearer(token), 'if-match': '"1"' }, payload: { status: 'challenged' } })
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
          if (res.statusCode !== 500 || !String(res.headers['content-type']).startsWith('application/problem+json')) continue
          if (/injected|COMMIT|stack/i.test(res.body)) leakedDetail++
        }
      }))
      inject.on = false
      const after = await counts(admin)
      const pool = database.pool!
      const { rows: sessions } = await admin.query<{ state: string | null }>(
        "select state from pg_stat_activity where datname = current_database() and application_name = 'red-notice-monitor'")
      const inTransaction = sessions.filter((s) => s.state?.startsWith('idle in transaction') === true)
      console.log(`S7: requests ${sent} with a throw at COMMIT (${inject.thrown} thrown), by status ${JSON.stringify(statuses)}; ` +
        `revisions ${before.revisions} → ${after.revisions}, audit events ${before.audit} → ${after.audit}, highest revision ${after.maxRevision}; ` +
        `pool total ${pool.totalCount}, idle ${pool.idleCount}, waiting ${pool.waitingCount}; app sessions ${sessions.length}, idle in transaction ${inTransaction.length}`)

      expect(statuses).toEqual({ 500: FAULTED_REQUESTS })
      expect(inject.thrown).toBe(FAULTED_REQUESTS)
      expect(leakedDetail, 'a 500 carries no message of the fault').toBe(0)
      // Nothing of the faulted transactions stayed: no revision, no report change, no audit event.
      expect(after).toEqual(before)
      // Every client went back to the pool, none mid-transaction.
      expect(pool.waitingCount).toBe(0)
      expect(pool.idleCount).toBe(pool.totalCount)
      expect(pool.totalCount).toBeLessThanOrEqual(POOL_MAX)
      expect(inTransaction).toEqual([])

      // The same requests succeed once nothing throws: the pool's clients are sound.
      const patched = await app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids[0]!}`, headers: { ...bearer(token), 'if-match': '"1"' }, payload: { status: 'challenged' } })
      expect(patched.statusCode, patched.body).toBe(200)
      expect(patched.headers.etag).toBe('"2"')
      const listed = await app.inject({ method: 'GET', url: '/v1/red-notices?limit=10', headers: bearer(token) })
      expect(listed.statusCode).toBe(200)
      const settled = await counts(admin)
      expect(settled.revisions).toBe(before.revisions + 1)
      expect(settled.audit).toBe(before.audit + 1 + 10)
    } finally {
      await admin.end()
    }
    expect(logs.text()).not.toContain('Leak Person')
  }, 120_000)
})
