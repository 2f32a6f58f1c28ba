import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCORING_QUEUE } from '../../src/queue/types.ts'
import { freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'
import { envCount, executionsByReport, type FaultWorld, postReports, scoreCounts, startFaultWorld, startWithFaultHook, storedReportIds } from './fixtures/fault-helpers.ts'

const REPORTS = envCount('S22_REPORTS', 300)
const BLOCK_EVERY_JOBS = 100
const LOCK_MS = 2000
const STALLED_MS = 1000
// Past the lock's expiry and two stalled checks after it: the other worker takes the jobs over meanwhile.
const BLOCK_MS = LOCK_MS + 2 * STALLED_MS + 2000
const PREFIX = 's22'

/**
 * security.md S22: a worker's event loop is blocked for longer than lockDuration (as CPU-bound work would
 * block it) in the middle of a scoring batch, for 1% of jobs. Its locks expire, the other worker's
 * stalled check hands its jobs over, and both end up scoring the same reports: the idempotent sink must
 * keep one score each, and no job may be lost between the two. The block is injected by the test-only
 * preload test/faults/fixtures/pg-fault-hook.ts (RNM_FAULT_BLOCK_EVERY_JOBS), after the batch's inputs are
 * loaded and right before its scores are written, so the blocked worker writes second, the same scores.
 */
describe('S22: a worker loses its job locks while its event loop is blocked', () => {
  let world: FaultWorld

  beforeAll(async () => {
    world = await startFaultWorld({
      prefix: PREFIX,
      partner: 'S22 NGO',
      env: {
        SCORING_LOCK_DURATION_MS: String(LOCK_MS),
        SCORING_STALLED_INTERVAL_MS: String(STALLED_MS),
        // BullMQ's stalled check and the idempotent sink alone must cope: the reconciler stays out of the way.
        RECONCILE_INTERVAL_MS: '3600000'
      }
    })
  }, 60_000)

  afterAll(async () => { await world?.destroy() })

  it(`scores each of ${REPORTS} reports exactly once while 1% of jobs block their worker for ${BLOCK_MS} ms`, async () => {
    const fault = { ...world.env, RNM_FAULT_BLOCK_EVERY_JOBS: String(BLOCK_EVERY_JOBS), RNM_FAULT_BLOCK_MS: String(BLOCK_MS) }
    const workers = [startWithFaultHook('worker', fault), startWithFaultHook('worker', fault)]
    world.processes.push(...workers)
    for (const w of workers) await waitFor(() => w.output().includes('scoring worker started'), 30_000, 'worker started')
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const api = startProcess(['node', '--import', 'tsx', 'src/server.ts'], { ...world.env, HOST: '127.0.0.1', PORT: String(port) })
    world.processes.push(api)
    await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'api ready')
    const posted = await postReports({ base: () => base, token: world.token, n: REPORTS, lanes: 8, deadline: Date.now() + 90_000, label: 'S22' })
    expect(posted.acknowledged.length).toBe(REPORTS)

    const db = new pg.Client({ connectionString: world.database.url })
    await db.connect()
    const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null })
    const queue = new Queue(SCORING_QUEUE, { connection, prefix: PREFIX })
    try {
      const output = (): string => workers.map((w) => w.output()).join('\n')
      await waitFor(async () => (await scoreCounts(db)).scored === REPORTS && output().includes('RNM-FAULT blocked'), 60_000, 'every report scored')
        .catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${output().slice(-4000)}`) })
      // Until every lock has expired and been checked twice: a job taken over late would show up by then.
      await new Promise((resolve) => setTimeout(resolve, BLOCK_MS + 2 * (LOCK_MS + STALLED_MS)))
      const counts = await scoreCounts(db)
      const jobs = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed')
      const executions = executionsByReport(workers.map((w) => w.output()))
      const duplicateExecutions = [...executions.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0)
      const blocks = output().match(/^RNM-FAULT blocked/gm)?.length ?? 0
      const stalledEvents = output().match(/scoring job stalled/g)?.length ?? 0
      // The blocked worker finds its locks gone when it finishes those jobs: BullMQ reports that as a worker error.
      const workerErrors = output().match(/"msg":"scoring worker error"/g)?.length ?? 0
      const stored = await storedReportIds(db)
      const lost = posted.acknowledged.filter((id) => !stored.has(id)).length + (counts.reports - counts.scored)
      console.log(`S22: event loop blocked ${blocks} times for ${BLOCK_MS} ms (lockDuration ${LOCK_MS} ms); stalled events ${stalledEvents}; worker errors logged ${workerErrors}`)
      console.log(`S22: requests sent ${posted.sent}, reports acknowledged ${posted.acknowledged.length}, reports scored ${counts.scored}, score rows ${counts.scoreRows}, duplicate executions ${duplicateExecutions}, duplicate effects ${counts.scoreRows - counts.scored}, lost ${lost}; jobs ${JSON.stringify(jobs)}`)

      expect(blocks).toBeGreaterThanOrEqual(1)
      expect(stalledEvents).toBeGreaterThan(0)
      expect(lost).toBe(0)
      expect(counts.scored).toBe(REPORTS)
      expect(counts.scoreRows).toBe(REPORTS)
      expect(counts.duplicated).toBe(0)
      expect(jobs.failed).toBe(0)
      expect([jobs.waiting, jobs.active, jobs.delayed, jobs.prioritized]).toEqual([0, 0, 0, 0])
      expect(posted.acknowledged.every((id) => (executions.get(id) ?? 0) >= 1)).toBe(true)
      // The workers lived through it: a blocked loop is slow, not fatal.
      expect(workers.every((w) => w.child.exitCode === null)).toBe(true)
    } finally {
      await queue.close()
      connection.disconnect()
      await db.end()
    }
    const exits = await Promise.all([api.stop(), ...workers.map(async (w) => await w.stop())])
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0])
  }, 240_000)
})
