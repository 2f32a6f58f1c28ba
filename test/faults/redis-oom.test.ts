import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'
import { startFaultWorld, type FaultWorld } from './fixtures/fault-helpers.ts'

const API = ['node', '--import', 'tsx', 'src/server.ts']
const WORKER = ['node', '--import', 'tsx', 'workers/index.ts']
const RECONCILE_INTERVAL_MS = 3000

interface Outcome { status: number | string, started: number, ms: number, id?: string }

function p99 (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0
}

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
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const api = startProcess(API, { ...world.env, HOST: '127.0.0.1', PORT: String(port) })
    const worker = startProcess(WORKER, world.env)
    world.processes.push(api, worker)
    await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'api ready')
    await waitFor(() => worker.output().includes('scoring worker started'), 30_000, 'worker started')

    const outcomes: Outcome[] = []
    const post = async (lane: number, n: number): Promise<Outcome> => {
      const started = Date.now()
      try {
        const res = await fetch(`${base}/v1/red-notices`, {
          method: 'POST',
          headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(chechenRedNotice({ fullName: `Lane ${lane} Person ${n}` })),
          signal: AbortSignal.timeout(10_000)
        })
        const body = await res.json() as { id?: string }
        return { status: res.status, started, ms: Date.now() - started, id: body.id }
      } catch (err) {
        return { status: (err as { cause?: { code?: string }, name?: string }).cause?.code ?? (err as Error).name, started, ms: Date.now() - started }
      }
    }
    // About 30 requests a second (6 lanes, 200 ms apart) for 8 s.
    const until = Date.now() + 8000
    const lanes = Array.from({ length: 6 }, async (_, lane) => {
      for (let n = 0; Date.now() < until; n++) {
        outcomes.push(await post(lane, n))
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const memory = String(await world.redis.command('INFO', 'memory'))
    const used = Number(/used_memory:(\d+)/.exec(memory)?.[1])
    expect(used).toBeGreaterThan(0)
    await world.redis.command('CONFIG', 'SET', 'maxmemory', String(used))
    const downAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 3000))
    await world.redis.command('CONFIG', 'SET', 'maxmemory', '0')
    const upAt = Date.now()
    await Promise.all(lanes)

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

    const db = await openTestDatabase(world.database.url)
    try {
      const count = async () => {
        const result = await withContext(db.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`
          select count(*)::int as reports,
                 count(*) filter (where exists (select 1 from scores s where s.report_id = r.id and s.superseded_at is null))::int as scored,
                 (select count(*)::int from scores where superseded_at is null) as score_rows,
                 (select count(*)::int from (select report_id from scores where superseded_at is null group by report_id having count(*) > 1) d) as duplicated
          from red_notices r`))
        return (result as unknown as { rows: Array<{ reports: number, scored: number, score_rows: number, duplicated: number }> }).rows[0]!
      }
      // No manual step: the reconciler re-enqueues what Redis refused.
      const waitedMs = await waitFor(async () => { const c = await count(); return c.scored === c.reports }, RECONCILE_INTERVAL_MS + 30_000, 'every report scored after Redis had room again')
        .catch((err: unknown) => { throw new Error(`${(err as Error).message}\n${worker.output().slice(-4000)}`) })
      const final = await count()
      const stored = await withContext(db.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select id from red_notices`))
      const ids = new Set((stored as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id))
      const lost = acknowledged.filter((id) => !ids.has(id))
      console.log(`S4: reports acknowledged ${acknowledged.length}, stored ${final.reports}, scored ${final.scored} (all within ${Date.now() - upAt} ms of Redis having room, waited ${waitedMs} ms after load), score rows ${final.score_rows}, duplicates ${final.score_rows - final.scored}, lost ${lost.length}`)
      expect(lost).toEqual([])
      expect(final.reports).toBe(acknowledged.length)
      expect(final.duplicated).toBe(0)
      expect(final.score_rows).toBe(final.reports)
    } finally {
      await db.close()
    }
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    expect(apiExit.code).toBe(0)
    expect(workerExit.code).toBe(0)
  }, 90_000)
})
