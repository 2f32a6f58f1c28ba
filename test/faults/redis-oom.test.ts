import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { p99, postLanes, startApiAndWorker, startFaultWorld, waitAllScored, type FaultWorld } from './fixtures/fault-helpers.ts'

const RECONCILE_INTERVAL_MS = 3000

/**
 * security.md S4: Redis runs out of memory under load (`maxmemory` set to what it uses, `noeviction`, so
 * every write is refused with OOM) and gets room again a few seconds later. Reports are committed before
 * Redis is touched, so the API keeps acknowledging; the reconciler re-derives the refused jobs.
 */
describe('S4: Redis out of memory under load', () => {
  let world: FaultWorld

  beforeAll(async () => {
    world = await startFaultWorld({
      prefix: 's4',
      partner: 'S4 NGO',
      env: {
        RECONCILE_INTERVAL_MS: String(RECONCILE_INTERVAL_MS),
        SCORING_LOCK_DURATION_MS: '5000',
        SCORING_STALLED_INTERVAL_MS: '5000'
      }
    })
  }, 60_000)

  afterAll(async () => { await world?.destroy() })

  it('acknowledges every POST fast while Redis refuses writes, and scores every report exactly once once it has room', async () => {
    const { api, worker, base } = await startApiAndWorker(world.env, world.processes)
    // About 30 requests a second (6 lanes, 200 ms apart) for 8 s.
    const until = Date.now() + 8000
    const { outcomes, done } = postLanes({ base, token: world.token, lanes: 6, pauseMs: 200, timeoutMs: 10_000, running: () => Date.now() < until })
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const memory = String(await world.redis.command('INFO', 'memory'))
    const used = Number(/used_memory:(\d+)/.exec(memory)?.[1])
    expect(used).toBeGreaterThan(0)
    await world.redis.command('CONFIG', 'SET', 'maxmemory', String(used))
    const downAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 3000))
    await world.redis.command('CONFIG', 'SET', 'maxmemory', '0')
    const upAt = Date.now()
    await done

    const statuses = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {})
    const during = outcomes.filter((o) => o.started >= downAt && o.started < upAt).map((o) => o.ms)
    // The same run's latency before the fault: tells an outage cost from a busy machine.
    const before = outcomes.filter((o) => o.started < downAt).map((o) => o.ms)
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id as string)
    console.log(`S4: ${outcomes.length} requests sent, by status ${JSON.stringify(statuses)}; Redis out of memory ${upAt - downAt} ms; ${during.length} during it, p99 ${p99(during)} ms (before it ${p99(before)} ms); slowest ${Math.max(...outcomes.map((o) => o.ms))} ms`)

    // POST never depends on Redis: all 201, never a 5xx or a dropped connection.
    expect(Object.keys(statuses), api.output().slice(-4000)).toEqual(['201'])
    expect(during.length).toBeGreaterThan(20)
    expect(p99(during)).toBeLessThan(500)
    // The refused enqueues were noticed (and left to the reconciler), not silently dropped.
    const refused = api.output().split('\n').filter((line) => line.includes('could not enqueue scoring')).length
    console.log(`S4: enqueues refused and logged by the API: ${refused}`)
    expect(refused).toBeGreaterThan(0)

    // No manual step: the reconciler re-enqueues what Redis refused.
    const final = await waitAllScored(world.database.url, acknowledged, RECONCILE_INTERVAL_MS + 30_000, () => worker.output().slice(-4000))
    console.log(`S4: reports acknowledged ${acknowledged.length}, stored ${final.reports}, scored ${final.scored} (all within ${Date.now() - upAt} ms of Redis having room, waited ${final.waitedMs} ms after load), score rows ${final.scoreRows}, duplicates ${final.scoreRows - final.scored}, lost ${final.lost.length}`)
    expect(final.lost).toEqual([])
    expect(final.reports).toBe(acknowledged.length)
    expect(final.duplicated).toBe(0)
    expect(final.scoreRows).toBe(final.reports)
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    expect(apiExit.code).toBe(0)
    expect(workerExit.code).toBe(0)
  }, 90_000)
})
