import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { generateCryptoSecretsEnv } from '../../src/crypto/index.ts'
import { seedReporter } from '../helpers/actors.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { startProcess, type RunningProcess } from '../helpers/process.ts'
import { removeQueueKeys } from '../processes/worker-helpers.ts'
import { postLanes, startApiAndWorker, startFaultWorld, waitAllScored, WORKER, type FaultWorld } from './fixtures/fault-helpers.ts'

/** Ten lanes of POSTs, back to back, until 1.5 s after `stop.at` is set: what was acknowledged, outcomes by kind. */
function loadUntilStopped (base: string, token: string, stop: { at: number }) {
  const load = postLanes({ base, token, lanes: 10, pauseMs: 0, timeoutMs: 12_000, perLane: 400, running: () => Date.now() < stop.at + 1500 })
  const summary = () => ({
    acknowledged: load.outcomes.filter((o) => o.status === 201 && o.id !== undefined).map((o) => o.id as string),
    outcomes: load.outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {})
  })
  return { done: load.done.then(summary) }
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
    const { api, worker, base } = await startApiAndWorker(env, processes)

    const stop = { at: Number.POSITIVE_INFINITY }
    const load = loadUntilStopped(base, token, stop)
    await new Promise((resolve) => setTimeout(resolve, 2500))
    stop.at = Date.now()
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    const { acknowledged, outcomes } = await load.done
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
      const final = await waitAllScored(database.url, acknowledged, 60_000)
      console.log(`S8: stored ${final.reports}, scored ${final.scored}, score rows ${final.scoreRows}, duplicates ${final.scoreRows - final.scored}, lost ${final.lost.length}`)
      expect(final.lost).toEqual([])
      expect(final.scoreRows).toBe(final.reports)
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
    // The default grace (10 s). With Redis gone BullMQ's Worker.close never returns; the worker forces it as
    // soon as none of its handlers runs (src/queue/bullmq.ts closeWorkerWithin's abandonWhen), instead of
    // waiting out the whole grace: it used to exit after 11 s with this configuration.
    world = await startFaultWorld({ prefix: 's8r', partner: 'S8 NGO', env: {} })
  }, 60_000)
  afterAll(async () => { await world?.destroy() })

  it('exits 0 within 10 s with Redis gone, and every acknowledged report is scored once Redis and a worker are back', async () => {
    const { api, worker, base } = await startApiAndWorker(world.env, world.processes)

    const stop = { at: Number.POSITIVE_INFINITY }
    const load = loadUntilStopped(base, world.token, stop)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    await world.redis.stop()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    stop.at = Date.now()
    const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
    const { acknowledged, outcomes } = await load.done
    console.log(`S8 (Redis unreachable): requests by outcome ${JSON.stringify(outcomes)}; reports acknowledged ${acknowledged.length}; api exit ${String(apiExit.code)} in ${apiExit.ms} ms, worker exit ${String(workerExit.code)} in ${workerExit.ms} ms`)

    expect(apiExit.code, api.output().slice(-4000)).toBe(0)
    expect(workerExit.code, worker.output().slice(-4000)).toBe(0)
    expect(apiExit.ms).toBeLessThan(10_000)
    // Well inside the grace: nothing was left to wait for but Redis.
    expect(workerExit.ms).toBeLessThan(5_000)
    expect(acknowledged.length).toBeGreaterThan(10)
    expect(Object.keys(outcomes).filter((o) => !ALLOWED_OUTCOMES.includes(o))).toEqual([])

    // Redis back empty, a new worker: the reconciler derives every unscored report from the database.
    await world.redis.start()
    const again = startProcess(WORKER, { ...world.env, RECONCILE_INTERVAL_MS: '1000' })
    world.processes.push(again)
    try {
      const final = await waitAllScored(world.database.url, acknowledged, 60_000)
      console.log(`S8 (Redis unreachable): stored ${final.reports}, scored ${final.scored}, score rows ${final.scoreRows}, duplicates ${final.scoreRows - final.scored}, lost ${final.lost.length}`)
      expect(final.lost).toEqual([])
      expect(final.scoreRows).toBe(final.reports)
    } finally {
      await again.stop()
    }
  }, 120_000)
})
