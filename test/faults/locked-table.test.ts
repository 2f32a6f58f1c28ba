import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { seedReporter } from '../helpers/actors.ts'
import { LogCapture, RecordingQueue } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'

const STATEMENT_TIMEOUT_MS = 5000
const LOCK_HELD_MS = 6000

interface Outcome { status: number | string, started: number, ms: number, id?: string, retryAfter?: string | null, problem?: boolean }

/** security.md S6: a migration or an operator holds an exclusive lock on the reports table while POSTs run. */
describe('S6: red_notices locked ACCESS EXCLUSIVE under load', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let app: App
  let base: string
  let token: string
  const queue = new RecordingQueue()
  const logs = new LogCapture()

  beforeAll(async () => {
    testDb = await createTestDatabase()
    const secretsEnv = generateCryptoSecretsEnv()
    token = await seedReporter(testDb.url, secretsEnv, 'S6 NGO')
    // The production settings: 2 s to get a connection, 5 s per statement, 2 s lock_timeout.
    database = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 10, statementTimeoutMs: STATEMENT_TIMEOUT_MS }, createLogger('silent'))
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MAX: '100000' }), database, queue, secrets: loadCryptoSecrets(secretsEnv), logger: createLogger('info', logs) })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  }, 60_000)

  afterAll(async () => {
    await app?.close()
    await database?.close()
    await testDb?.drop()
  })

  async function post (n: number): Promise<Outcome> {
    const started = Date.now()
    try {
      const res = await fetch(`${base}/v1/red-notices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(chechenRedNotice({ fullName: `Person ${n}` })),
        signal: AbortSignal.timeout(20_000)
      })
      const body = await res.json() as { id?: string }
      return { status: res.status, started, ms: Date.now() - started, id: body.id, retryAfter: res.headers.get('retry-after'), problem: res.headers.get('content-type')?.startsWith('application/problem+json') }
    } catch (err) {
      return { status: (err as { cause?: { code?: string }, name?: string }).cause?.code ?? (err as Error).name, started, ms: Date.now() - started }
    }
  }

  it('fails fast with 503 problem+json while the table is locked, leaves no transaction open, and recovers at once', async () => {
    const outcomes: Outcome[] = []
    const counter = { n: 0 }
    // About 30 requests a second, 6 in flight at most, for 10 s.
    const until = Date.now() + 10_000
    const lanes = Array.from({ length: 6 }, async () => {
      while (Date.now() < until) {
        outcomes.push(await post(counter.n++))
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    })

    await new Promise((resolve) => setTimeout(resolve, 1500))
    const owner = new pg.Client({ connectionString: testDb.url, application_name: 's6-lock-holder' })
    await owner.connect()
    await owner.query('begin')
    await owner.query('lock table red_notices in access exclusive mode')
    const lockedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, LOCK_HELD_MS))
    await owner.query('commit')
    const releasedAt = Date.now()
    await owner.end()
    await Promise.all(lanes)

    const statuses = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {})
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id as string)
    const unavailable = outcomes.filter((o) => o.status === 503)
    const slowest = Math.max(...outcomes.map((o) => o.ms))
    console.log(`S6: ${outcomes.length} requests sent, by status ${JSON.stringify(statuses)}; locked ${releasedAt - lockedAt} ms; slowest ${slowest} ms`)

    expect(Object.keys(statuses).sort(), logs.text().slice(-4000)).toEqual(['201', '503'])
    expect(unavailable.length).toBeGreaterThan(0)
    for (const o of unavailable) {
      expect(o.problem).toBe(true)
      expect(o.retryAfter).toBe('5')
    }
    // Nothing is acknowledged while the table cannot be written.
    expect(outcomes.filter((o) => o.status === 201 && o.started > lockedAt && o.started + o.ms < releasedAt)).toEqual([])
    // No request waits out the lock: the statement timeout bounds every one.
    expect(slowest).toBeLessThan(STATEMENT_TIMEOUT_MS + 1000)
    // After the release everything succeeds: every request started 500 ms after it (in-flight ones drained).
    const afterRelease = outcomes.filter((o) => o.started > releasedAt + 500)
    expect(afterRelease.length).toBeGreaterThan(10)
    expect(afterRelease.filter((o) => o.status !== 201)).toEqual([])
    const after = await post(counter.n++)
    expect(after.status).toBe(201)
    acknowledged.push(after.id as string)

    // No transaction of the app left open, and no connection beyond the pool.
    const admin = new pg.Client({ connectionString: testDb.url })
    await admin.connect()
    try {
      const { rows: sessions } = await admin.query<{ state: string | null, age_ms: number }>(
        `select state, extract(epoch from (now() - state_change)) * 1000 as age_ms
           from pg_stat_activity where datname = current_database() and application_name = 'red-notice-monitor'`)
      const stuck = sessions.filter((s) => s.state !== 'idle' && s.state !== 'active')
      const { rows: [stored] } = await admin.query<{ n: number, mine: number }>(
        'select count(*)::int as n, count(*) filter (where id = any($1::uuid[]))::int as mine from red_notices', [acknowledged])
      const lost = acknowledged.length - stored!.mine
      console.log(`S6: reports acknowledged ${acknowledged.length}, stored ${stored!.n}, scored n/a (no worker: ${queue.jobs.length} jobs enqueued), duplicates ${stored!.n - stored!.mine}, lost ${lost}; app sessions ${sessions.length}, not idle ${stuck.length}`)
      expect(stuck.filter((s) => s.state === 'idle in transaction' || s.state === 'idle in transaction (aborted)')).toEqual([])
      expect(sessions.length).toBeLessThanOrEqual(10)
      expect(lost).toBe(0)
      expect(stored!.n).toBe(acknowledged.length)
      expect(queue.jobs.length).toBe(acknowledged.length)
    } finally {
      await admin.end()
    }
    expect(logs.text()).not.toContain('Person ')
  }, 60_000)
})
