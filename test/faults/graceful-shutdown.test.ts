import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { generateCryptoSecretsEnv } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { seedReporter } from '../helpers/actors.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { freePort, httpStatus, startProcess, waitFor, type RunningProcess } from '../helpers/process.ts'
import { removeQueueKeys } from '../processes/worker-helpers.ts'
import { startFaultWorld, type FaultWorld } from './fixtures/fault-helpers.ts'

const API = ['node', '--import', 'tsx', 'src/server.ts']
const WORKER = ['node', '--import', 'tsx', 'workers/index.ts']

/** Ten lanes of POSTs until 1.5 s after `stop.at` is set; what was acknowledged, and every outcome by kind. */
function loadUntilStopped (base: string, token: string, stop: { at: number }) {
  const acknowledged: string[] = []
  const outcomes: Record<string, number> = {}
  const lanes = Array.from({ length: 10 }, async (_, lane) => {
    for (let n = 0; n < 400 && Date.now() < stop.at + 1500; n++) {
      let outcome: string
      try {
        const res = await fetch(`${base}/v1/red-notices`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(chechenRedNotice({ fullName: `Lane ${lane} Person ${n}` })),
          signal: AbortSignal.timeout(12_000)
        })
        const body = await res.json() as { id?: string }
        if (res.status === 201 && body.id !== undefined) acknowledged.push(body.id)
        outcome = String(res.status)
      } catch (err) {
        // After the listener closes, new connections are refused: a clean "not here", never a half answer.
        outcome = (err as { cause?: { code?: string } }).cause?.code ?? 'error'
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    }
  })
  return { acknowledged, outcomes, done: Promise.all(lanes) }
}

/** Waits until every report in the database is scored; returns the counts and the acknowledged ids missing. */
async function waitAllScored (databaseUrl: string, acknowledged: readonly string[]) {
  const db = await openTestDatabase(databaseUrl)
  try {
    const count = async () => {
      const result = await withContext(db.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`
        select count(*)::int as reports,
               count(*) filter (where exists (select 1 from scores s where s.report_id = r.id and s.superseded_at is null))::int as scored,
               (select count(*)::int from scores where superseded_at is null) as score_rows
        from red_notices r`))
      return (result as unknown as { rows: Array<{ reports: number, scored: number, score_rows: number }> }).rows[0]!
    }
    await waitFor(async () => { const c = await count(); return c.scored === c.reports }, 60_000, 'every report scored')
    const final = await count()
    const stored = await withContext(db.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select id from red_notices`))
    const ids = new Set((stored as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id))
    return { ...final, lost: acknowledged.filter((id) => !ids.has(id)) }
  } finally {
    await db.close()
  }
}

const ALLOWED_OUTCOMES = ['201', '503', 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']

/** security.md S8: SIGTERM to the API and the worker in the middle of a load. */
describe('S8: graceful shutdown under load', () => {
  let database: TestDatabase
  let env: Record<string, string>
  let token: string
  const processes: RunningProcess[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    const secrets = generateCryptoSecretsEnv()
    env = {
      ...secrets,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `s8-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '100000',
      SHUTDOWN_GRACE_MS: '8000'
    }
    token = await seedReporter(database.url, secrets, 'S8 NGO')
  }, 60_000)

  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL')
    await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
    await database.drop()
  })

  it('finishes what it acknowledged, refuses the rest cleanly, exits 0, and every acknowledged report is scored once', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const api = startProcess(API, { ...env, HOST: '127.0.0.1', PORT: String(port) })
    const worker = startProcess(WORKER, env)
    processes.push(api, worker)
    await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'api ready')
    await waitFor(() => worker.output().includes('scoring worker started'), 30_000, 'worker started')

    const stop = { at: Number.POSITIVE_INFINITY }
    const { acknowledged, outcomes, done } = loadUntilStopped(base, token, stop)
    await new Promise((resolve) => setTimeout(resolve, 2500))
    stop.at = Date.now()
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    await done
    console.log(`S8: requests by outcome ${JSON.stringify(outcomes)}; reports acknowledged ${acknowledged.length}; api exit ${String(apiExit.code)} in ${apiExit.ms} ms, worker exit ${String(workerExit.code)} in ${workerExit.ms} ms`)

    expect(apiExit.code, api.output()).toBe(0)
    expect(workerExit.code, worker.output()).toBe(0)
    expect(apiExit.ms).toBeLessThan(10_000)
    expect(workerExit.ms).toBeLessThan(10_000)
    expect(acknowledged.length).toBeGreaterThan(10)
    expect(Object.keys(outcomes).filter((o) => !ALLOWED_OUTCOMES.includes(o))).toEqual([])

    // A new worker picks up what was queued or cut off; the reconciler covers anything lost in between.
    const again = startProcess(WORKER, { ...env, RECONCILE_INTERVAL_MS: '1000' })
    processes.push(again)
    try {
      const final = await waitAllScored(database.url, acknowledged)
      console.log(`S8: stored ${final.reports}, scored ${final.scored}, score rows ${final.score_rows}, duplicates ${final.score_rows - final.scored}, lost ${final.lost.length}`)
      expect(final.lost).toEqual([])
      expect(final.score_rows).toBe(final.reports)
    } finally {
      await again.stop()
    }
  }, 120_000)
})

/**
 * security.md S8, repeated with Redis unreachable: Redis vanishes under load, then the API and the worker get
 * SIGTERM. Neither may hang on a Redis that is not there (BullMQ's Worker.close can, bullmq#4656).
 */
describe('S8: graceful shutdown under load with Redis unreachable', () => {
  let world: FaultWorld
  beforeAll(async () => {
    // With Redis gone BullMQ's Worker.close never returns: the worker waits out its whole grace, then forces
    // the close (src/queue/bullmq.ts closeWorkerWithin). 5 s keeps that inside security.md's 10 s.
    world = await startFaultWorld({ prefix: 's8r', partner: 'S8 NGO', env: { SHUTDOWN_GRACE_MS: '5000' } })
  }, 60_000)
  afterAll(async () => { await world?.destroy() })

  it('exits 0 within 10 s with Redis gone, and every acknowledged report is scored once Redis and a worker are back', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const api = startProcess(API, { ...world.env, HOST: '127.0.0.1', PORT: String(port) })
    const worker = startProcess(WORKER, world.env)
    world.processes.push(api, worker)
    await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'api ready')
    await waitFor(() => worker.output().includes('scoring worker started'), 30_000, 'worker started')

    const stop = { at: Number.POSITIVE_INFINITY }
    const { acknowledged, outcomes, done } = loadUntilStopped(base, world.token, stop)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    await world.redis.stop()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    stop.at = Date.now()
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    await done
    console.log(`S8 (Redis unreachable): requests by outcome ${JSON.stringify(outcomes)}; reports acknowledged ${acknowledged.length}; api exit ${String(apiExit.code)} in ${apiExit.ms} ms, worker exit ${String(workerExit.code)} in ${workerExit.ms} ms`)

    expect(apiExit.code, api.output().slice(-4000)).toBe(0)
    expect(workerExit.code, worker.output().slice(-4000)).toBe(0)
    expect(apiExit.ms).toBeLessThan(10_000)
    expect(workerExit.ms).toBeLessThan(10_000)
    expect(acknowledged.length).toBeGreaterThan(10)
    expect(Object.keys(outcomes).filter((o) => !ALLOWED_OUTCOMES.includes(o))).toEqual([])

    // Redis back empty, a new worker: the reconciler derives every unscored report from the database.
    await world.redis.start()
    const again = startProcess(WORKER, { ...world.env, RECONCILE_INTERVAL_MS: '1000' })
    world.processes.push(again)
    try {
      const final = await waitAllScored(world.database.url, acknowledged)
      console.log(`S8 (Redis unreachable): stored ${final.reports}, scored ${final.scored}, score rows ${final.score_rows}, duplicates ${final.score_rows - final.scored}, lost ${final.lost.length}`)
      expect(final.lost).toEqual([])
      expect(final.score_rows).toBe(final.reports)
    } finally {
      await again.stop()
    }
  }, 120_000)
})
