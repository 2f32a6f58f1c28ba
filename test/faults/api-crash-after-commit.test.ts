import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCORING_QUEUE, scoringJobId } from '../../src/queue/types.ts'
import { freePort, waitFor, type RunningProcess } from '../helpers/process.ts'
import { envCount, executionsByReport, type FaultWorld, postReports, scoreCounts, startFaultWorld, startWithFaultHook, storedReportIds } from './fixtures/fault-helpers.ts'

// security.md asks for 100 kills: `S23_REPORTS=500 S23_KILLS=100 npm run test:faults -- api-crash`.
const REPORTS = envCount('S23_REPORTS', 100)
const KILLS = envCount('S23_KILLS', 6)
const RECONCILE_MS = 2000
const PREFIX = 's23'

const randomInt = (max: number): number => Math.floor(Math.random() * (max + 1))

/**
 * security.md S23, as it applies here. There is no outbox relay: the API commits the report, then hands its
 * job to Redis, and the reconciler re-derives unscored work from the database. The matching fault is the API
 * dying between the two: the test-only preload test/faults/fixtures/pg-fault-hook.ts SIGKILLs it right after
 * the COMMIT of a new report, before the reply and before the job is sent (jobs of other requests committed
 * in the same instant die with it). It is started again each time; clients send again with the same
 * Idempotency-Key, as after any dropped connection, and get the report the first attempt stored.
 */
describe('S23: the API dies between the COMMIT of a report and its enqueue', () => {
  let world: FaultWorld

  beforeAll(async () => {
    world = await startFaultWorld({
      prefix: PREFIX,
      partner: 'S23 NGO',
      env: {
        RECONCILE_INTERVAL_MS: String(RECONCILE_MS)
      }
    })
  }, 60_000)

  afterAll(async () => { await world?.destroy() })

  it(`scores each of ${REPORTS} reports exactly once through ${KILLS} API kills after COMMIT`, async () => {
    const worker = startWithFaultHook('worker', world.env)
    world.processes.push(worker)
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const apiEnv = { ...world.env, HOST: '127.0.0.1', PORT: String(port) }

    // The supervisor: each life of the API lets 0 to 15 new reports commit, then dies after the next COMMIT.
    const kills: string[] = []
    const apiOutputs: string[] = []
    const state: { current: RunningProcess | null, stopping: boolean } = { current: null, stopping: false }
    const supervisor = (async () => {
      while (!state.stopping) {
        const faulty = kills.length < KILLS
        const api = startWithFaultHook('api', faulty ? { ...apiEnv, RNM_FAULT_KILL_AFTER_REPORT_COMMITS: String(randomInt(15)) } : apiEnv)
        world.processes.push(api)
        state.current = api
        const exit = await api.exited
        apiOutputs.push(api.output())
        if (state.stopping) return
        const where = /^RNM-FAULT killed (.*)$/m.exec(api.output())?.[1]
        if (exit.signal !== 'SIGKILL' || where === undefined) throw new Error(`the API exited unplanned (${JSON.stringify(exit)}):\n${api.output().slice(-3000)}`)
        kills.push(where)
      }
    })()

    const posted = await postReports({ base: () => base, token: world.token, n: REPORTS, lanes: 6, deadline: Date.now() + 150_000, label: 'S23' })
    state.stopping = true
    const last = state.current
    if (last !== null) expect((await last.stop()).code).toBe(0)
    await supervisor

    const db = new pg.Client({ connectionString: world.database.url })
    await db.connect()
    const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null })
    const queue = new Queue(SCORING_QUEUE, { connection, prefix: PREFIX })
    try {
      const stored = await storedReportIds(db)
      const drainMs = await waitFor(async () => (await scoreCounts(db)).scored === stored.size, RECONCILE_MS + 60_000, 'every report scored')
        .catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${worker.output().slice(-4000)}`) })
      // One more reconcile interval: a report scored twice late would show up by then.
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_MS + 1000))
      const counts = await scoreCounts(db)
      const states = await Promise.all([...stored].map(async (id) => await queue.getJobState(scoringJobId({ kind: 'red_notice', reportId: id, revision: 1 }))))
      const enqueued = states.filter((s) => s !== 'unknown').length
      const executions = executionsByReport([worker.output()])
      const duplicateExecutions = [...executions.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0)
      // The reports whose COMMIT was the API's last act (a batch of filings commits together): only the
      // reconciler can have enqueued them.
      const orphans = kills.flatMap((k) => /of reports ([0-9a-f-]{36}(?:,[0-9a-f-]{36})*)/.exec(k)?.[1]?.split(',') ?? [])
      const acknowledged = new Set(posted.acknowledged)
      const lost = posted.acknowledged.filter((id) => !stored.has(id)).length + (counts.reports - counts.scored)
      const reconciled = [...worker.output().matchAll(/"enqueued":(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0)
      console.log(`S23: ${kills.length} API kills right after a report's COMMIT (${KILLS} planned); reconciler enqueued ${reconciled} jobs in all (duplicates of queued ones included); all scored ${drainMs} ms after the last POST`)
      console.log(`S23: requests sent ${posted.sent} (${posted.attempts} attempts, by outcome ${JSON.stringify(posted.statuses)}), reports acknowledged ${acknowledged.size}, stored ${counts.reports}, committed by a killed API ${orphans.length}, enqueued ${enqueued}, reports scored ${counts.scored}, score rows ${counts.scoreRows}, duplicate executions ${duplicateExecutions}, duplicate effects ${counts.scoreRows - counts.scored}, lost ${lost}`)

      expect(kills.length).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2))
      expect(acknowledged.size).toBe(REPORTS)
      // A retry with the same Idempotency-Key names the report the killed attempt stored: nothing stored twice.
      expect(counts.reports).toBe(REPORTS)
      expect([...stored].every((id) => acknowledged.has(id))).toBe(true)
      expect(lost).toBe(0)
      expect(counts.scored).toBe(REPORTS)
      expect(counts.scoreRows).toBe(REPORTS)
      expect(counts.duplicated).toBe(0)
      // Each report enqueued at least once (by the API or the reconciler) and completed.
      expect(states.filter((s) => s !== 'completed')).toEqual([])
      expect(orphans.length).toBeGreaterThanOrEqual(kills.length)
      expect(orphans.filter((id) => !(stored.has(id) && (executions.get(id) ?? 0) >= 1))).toEqual([])
    } finally {
      await queue.close()
      connection.disconnect()
      await db.end()
    }
    expect((await worker.stop()).code).toBe(0)
  }, 240_000)
})
