import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpStatus, waitFor } from '../helpers/process.ts'
import { p99, postLanes, startApiAndWorker, startFaultWorld, waitAllScored, type FaultWorld } from './fixtures/fault-helpers.ts'

const RECONCILE_INTERVAL_MS = 3000

/**
 * security.md S2 + S3: Redis disappears under load (S2) and comes back empty, as a restart without
 * persistence or a flush would leave it (S3). Reports are committed before Redis is touched, so the API
 * keeps acknowledging; the reconciler re-derives the lost jobs from PostgreSQL.
 */
describe('S2/S3: Redis stopped under load and restarted empty', () => {
  let world: FaultWorld

  beforeAll(async () => {
    world = await startFaultWorld({
      prefix: 's2',
      partner: 'S2 NGO',
      env: {
        RECONCILE_INTERVAL_MS: String(RECONCILE_INTERVAL_MS),
        SCORING_LOCK_DURATION_MS: '5000',
        SCORING_STALLED_INTERVAL_MS: '5000'
      }
    })
  }, 60_000)

  afterAll(async () => { await world?.destroy() })

  it('acknowledges every POST fast while Redis is gone, and scores every report exactly once after it returns empty', async () => {
    const { api, worker, base } = await startApiAndWorker(world.env, world.processes)
    // About 30 requests a second (6 lanes, 200 ms apart) for 8 s.
    const until = Date.now() + 8000
    const { outcomes, done } = postLanes({ base, token: world.token, lanes: 6, pauseMs: 200, timeoutMs: 10_000, running: () => Date.now() < until })
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await world.redis.stop()
    const downAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 500))
    // Readiness tells the truth about the queue (probe bounded at 2 s), while POSTs carry on.
    const readyWhileDown = await httpStatus(`${base}/health/ready`)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 3000 - Date.now())))
    await world.redis.start() // empty: no persistence (S3)
    const upAt = Date.now()
    const readyAgainMs = await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 10_000, 'api ready again after Redis returned')
    await done
    console.log(`S2/S3: /health/ready ${readyWhileDown} while Redis was down, 200 again ${readyAgainMs} ms after it returned`)
    expect(readyWhileDown).toBe(503)

    const statuses = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {})
    const during = outcomes.filter((o) => o.started >= downAt && o.started < upAt).map((o) => o.ms)
    // The same run's latency before the fault: tells an outage cost from a busy machine.
    const before = outcomes.filter((o) => o.started < downAt).map((o) => o.ms)
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id as string)
    console.log(`S2/S3: ${outcomes.length} requests sent, by status ${JSON.stringify(statuses)}; Redis down ${upAt - downAt} ms; ${during.length} during the outage, p99 ${p99(during)} ms (before it ${p99(before)} ms); slowest ${Math.max(...outcomes.map((o) => o.ms))} ms`)

    // POST never depends on Redis: all 201, never a 5xx or a dropped connection.
    expect(Object.keys(statuses), api.output().slice(-4000)).toEqual(['201'])
    expect(during.length).toBeGreaterThan(20)
    expect(p99(during)).toBeLessThan(500)

    // No manual step: the worker reconnects, the scheduler is re-registered, the reconciler re-enqueues.
    const final = await waitAllScored(world.database.url, acknowledged, RECONCILE_INTERVAL_MS + 30_000, () => worker.output().slice(-4000))
    console.log(`S2/S3: reports acknowledged ${acknowledged.length}, stored ${final.reports}, scored ${final.scored} (all within ${Date.now() - upAt} ms of Redis returning, waited ${final.waitedMs} ms after load), score rows ${final.scoreRows}, duplicates ${final.scoreRows - final.scored}, lost ${final.lost.length}`)
    expect(final.lost).toEqual([])
    expect(final.reports).toBe(acknowledged.length)
    expect(final.duplicated).toBe(0)
    expect(final.scoreRows).toBe(final.reports)
    // Waiting for Redis must not cost a listener (and a deferred send) per request (fixed in src/queue/bullmq.ts).
    expect(api.output()).not.toContain('MaxListenersExceededWarning')
    expect(worker.output()).not.toContain('MaxListenersExceededWarning')
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    expect(apiExit.code).toBe(0)
    expect(workerExit.code).toBe(0)
  }, 90_000)
})
