import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { generateApiKey, generateCryptoSecretsEnv, hashSecret, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, partners } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { LogCapture, RecordingQueue } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts'

interface Outcome { status: number, ms: number, id?: string, retryAfter?: string | null, problem?: boolean }

/** security.md S5: PostgreSQL goes away under load and comes back; the API neither hangs, crashes nor lies. */
describe('S5: PostgreSQL stopped and restarted under load', () => {
  let pgServer: PrivatePostgres
  let database: DatabaseHandle
  let app: App
  let base: string
  let token: string
  const logs = new LogCapture()

  beforeAll(async () => {
    pgServer = await startPrivatePostgres()
    const owner = await openDatabase({ kind: 'postgres', url: pgServer.url, poolMax: 1, statementTimeoutMs: 60_000 }, createLogger('silent'), { asOwner: true })
    await owner.migrate()
    await owner.close()
    // The production settings: 2 s to get a connection, 5 s per statement.
    database = await openDatabase({ kind: 'postgres', url: pgServer.url, poolMax: 10, statementTimeoutMs: 5000 }, createLogger('silent'))
    const secrets = loadCryptoSecrets(generateCryptoSecretsEnv())
    const key = generateApiKey()
    await withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
      const [partner] = await tx.insert(partners).values({ name: 'S5 NGO' }).returning()
      await tx.insert(apiKeys).values({ partnerId: partner!.id, keyId: key.keyId, secretHash: hashSecret(secrets.apiKeyPepper, key.secret), role: 'reporter' })
    })
    token = key.token
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MAX: '100000' }), database, queue: new RecordingQueue(), secrets, logger: createLogger('info', logs) })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  }, 60_000)

  afterAll(async () => {
    await app?.close()
    await database?.close()
    await pgServer?.destroy()
  })

  async function post (n: number): Promise<Outcome> {
    const started = Date.now()
    const res = await fetch(`${base}/v1/red-notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(chechenRedNotice({ fullName: `Person ${n}` })),
      signal: AbortSignal.timeout(15_000)
    })
    const body = await res.json() as { id?: string }
    return { status: res.status, ms: Date.now() - started, id: body.id, retryAfter: res.headers.get('retry-after'), problem: res.headers.get('content-type')?.startsWith('application/problem+json') }
  }

  /** About 40 requests a second, 8 in flight at most, for `ms`. */
  async function load (ms: number, outcomes: Outcome[], counter: { n: number }): Promise<void> {
    const until = Date.now() + ms
    const lanes = Array.from({ length: 8 }, async () => {
      while (Date.now() < until) {
        outcomes.push(await post(counter.n++))
        await new Promise((resolve) => setTimeout(resolve, 150))
      }
    })
    await Promise.all(lanes)
  }

  it('answers 503 problem+json with Retry-After while it is down, recovers by itself, and loses nothing acknowledged', async () => {
    const outcomes: Outcome[] = []
    const counter = { n: 0 }
    const running = load(9000, outcomes, counter)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    // A transaction caught between two statements when the server goes: its client is checked out, not idle.
    let heldStarted!: () => void
    const started = new Promise<void>((resolve) => { heldStarted = resolve })
    const held = withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
      await tx.execute(sql`select 1`)
      heldStarted()
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await tx.execute(sql`select 1`)
    }).then(() => 'committed', () => 'failed')
    await started
    await pgServer.stop()
    const downAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 3000))
    await pgServer.start()
    const upAt = Date.now()
    await running
    // It fails like any query against a dead server; the process goes on (an uncaught error would fail this run).
    expect(await held).toBe('failed')

    const statuses = outcomes.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {})
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id as string)
    const unavailable = outcomes.filter((o) => o.status === 503)
    console.log(`S5: ${outcomes.length} requests sent, by status ${JSON.stringify(statuses)}; down ${upAt - downAt} ms; slowest ${Math.max(...outcomes.map((o) => o.ms))} ms`)

    // Only successes and "come back shortly": never a 500, never a hang.
    expect(Object.keys(statuses).sort()).toEqual(['201', '503'])
    expect(unavailable.length).toBeGreaterThan(0)
    for (const o of unavailable) {
      expect(o.problem).toBe(true)
      expect(o.retryAfter).toBe('5')
    }
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(5000 + 2200)
    // Recovered without a restart of the API: the last second of load succeeded.
    const after = await post(counter.n++)
    expect(after.status).toBe(201)
    acknowledged.push(after.id as string)
    // Every acknowledged report is there, exactly once.
    const stored = await withContext(database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select id from red_notices`))
    const ids = new Set((stored as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id))
    const lost = acknowledged.filter((id) => !ids.has(id))
    console.log(`S5: reports acknowledged ${acknowledged.length}, stored ${ids.size}, lost ${lost.length}`)
    expect(lost).toEqual([])
    expect(ids.size).toBe(acknowledged.length)
    expect(logs.text()).not.toContain('Person ')
  }, 60_000)
})
