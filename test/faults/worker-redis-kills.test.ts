import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { SCORING_QUEUE, type ScoringJob } from '../../src/queue/types.ts'
import { bearer, seedReporter } from '../helpers/actors.ts'
import { RecordingQueue } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts'
import { waitFor, type RunningProcess } from '../helpers/process.ts'
import { startWorker, workerEnv } from '../processes/worker-helpers.ts'

const PREFIX = 's21'
const CANARY_DEADLINE_MS = 30_000

/**
 * security.md S21: Redis drops the worker's connections (CLIENT KILL) again and again, or stalls (DEBUG
 * SLEEP). BullMQ relies on ioredis to reconnect; a worker that silently stops fetching afterwards is a
 * recurring bug (bullmq#2466, #2964, #3185). After every fault a fresh canary job must complete.
 */
describe('S21: the worker recovers after Redis kills its connections', () => {
  let testDb: TestDatabase
  let redis: PrivateRedis
  let database: DatabaseHandle
  let app: App
  let token: string
  let secretsEnv: Record<string, string>
  let worker: RunningProcess | undefined

  beforeAll(async () => {
    testDb = await createTestDatabase()
    redis = await startPrivateRedis()
    secretsEnv = generateCryptoSecretsEnv()
    token = await seedReporter(testDb.url, secretsEnv, 'S21 NGO')
    // The API only writes the canary reports; the test enqueues their jobs itself, after each fault.
    database = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 }, createLogger('silent'))
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MAX: '100000' }), database, queue: new RecordingQueue(), secrets: loadCryptoSecrets(secretsEnv), logger: createLogger('silent') })
  }, 60_000)

  afterAll(async () => {
    worker?.child.kill('SIGKILL')
    await app?.close()
    await database?.close()
    await redis?.destroy()
    await testDb?.drop()
  })

  async function newReport (n: number): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(token), 'idempotency-key': randomUUID() }, payload: chechenRedNotice({ fullName: `Canary ${n}` }) })
    if (res.statusCode !== 201) throw new Error(`POST: ${res.statusCode} ${res.body}`)
    return res.json().id as string
  }

  /** Enqueues a scoring job on a fresh connection (the fault may have killed any older one); ms until it completed and its score exists. */
  async function canary (n: number, scores: pg.Client): Promise<number> {
    const reportId = await newReport(n)
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null })
    const queue = new Queue<ScoringJob>(SCORING_QUEUE, { connection, prefix: PREFIX })
    try {
      const started = Date.now()
      const job = await queue.add('red_notice', { kind: 'red_notice', reportId, revision: 1 }, { jobId: `canary-${n}-${reportId}` })
      await waitFor(async () => {
        if (await job.getState() !== 'completed') return false
        const { rows } = await scores.query('select 1 from scores where report_id = $1 and superseded_at is null', [reportId])
        return rows.length === 1
      }, CANARY_DEADLINE_MS, `canary ${n} completed`)
      return Date.now() - started
    } finally {
      await queue.close()
      connection.disconnect()
    }
  }

  it('completes a canary job within 30 s after each of 5 CLIENT KILLs, a burst of 5, and a DEBUG SLEEP', async () => {
    worker = await startWorker(workerEnv({
      databaseUrl: testDb.url,
      redisUrl: redis.url,
      prefix: PREFIX,
      extra: { ...secretsEnv, RECONCILE_INTERVAL_MS: '3600000', SCORING_LOCK_DURATION_MS: '5000', SCORING_STALLED_INTERVAL_MS: '5000' }
    }))
    const scores = new pg.Client({ connectionString: testDb.url })
    await scores.connect()
    const timings: Array<{ fault: string, killed?: number, ms: number }> = []
    try {
      timings.push({ fault: 'none', ms: await canary(0, scores) })
      for (let i = 1; i <= 5; i++) {
        const killed = Number(await redis.command('CLIENT', 'KILL', 'TYPE', 'normal'))
        const w = worker
        timings.push({ fault: `client-kill-${i}`, killed, ms: await canary(i, scores).catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${w.output().slice(-4000)}`) }) })
      }
      // Back to back, mid-reconnect: each kill lands while ioredis is still re-establishing the last.
      let burst = 0
      for (let i = 0; i < 5; i++) {
        burst += Number(await redis.command('CLIENT', 'KILL', 'TYPE', 'normal'))
        await new Promise((resolve) => setTimeout(resolve, 150))
      }
      const w = worker
      timings.push({ fault: 'client-kill-burst-5', killed: burst, ms: await canary(6, scores).catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${w.output().slice(-4000)}`) }) })
      await redis.command('DEBUG', 'SLEEP', '3')
      timings.push({ fault: 'debug-sleep-3', ms: await canary(7, scores).catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${w.output().slice(-4000)}`) }) })

      const { rows: [counts] } = await scores.query<{ reports: number, scored: number, score_rows: number }>(`
        select count(*)::int as reports,
               count(*) filter (where exists (select 1 from scores s where s.report_id = r.id and s.superseded_at is null))::int as scored,
               (select count(*)::int from scores where superseded_at is null) as score_rows
        from red_notices r`)
      console.log(`S21: canaries ${timings.map((t) => `${t.fault}${t.killed === undefined ? '' : ` (${t.killed} killed)`} ${t.ms} ms`).join(', ')}`)
      console.log(`S21: jobs sent ${timings.length}, reports stored ${counts!.reports}, scored ${counts!.scored}, score rows ${counts!.score_rows}, duplicates ${counts!.score_rows - counts!.scored}, lost ${counts!.reports - counts!.scored}`)
      for (const t of timings) expect(t.ms).toBeLessThan(CANARY_DEADLINE_MS)
      expect(timings.filter((t) => t.killed !== undefined).every((t) => (t.killed ?? 0) > 0)).toBe(true)
      expect(counts!.scored).toBe(counts!.reports)
      expect(counts!.score_rows).toBe(counts!.reports)
      expect(worker.child.exitCode).toBeNull()
    } finally {
      await scores.end()
    }
    const exit = await worker.stop()
    expect(exit.code, worker.output().slice(-4000)).toBe(0)
  }, 120_000)
})
