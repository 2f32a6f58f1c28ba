import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { freePort, waitFor } from '../helpers/process.ts'
import { insertManyRedNotices, insertPartner, insertRedNotice, scoreCounts, scoreRows } from '../scoring/fixtures.ts'
import { removeQueueKeys, startOwnRedis, startWorker, workerEnv } from './worker-helpers.ts'

const log = createLogger('silent')

async function redisCommand (url: string, ...args: string[]): Promise<unknown> {
  const redis = new Redis(url)
  try {
    return await redis.call(args[0]!, ...args.slice(1))
  } finally {
    redis.disconnect()
  }
}

describe('scoring worker process (BullMQ)', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let partnerId: string

  beforeAll(async () => {
    testDb = await createTestDatabase()
    database = await openTestDatabase(testDb.url)
    partnerId = await insertPartner(database.db)
  })
  afterAll(async () => {
    await database.close()
    await testDb.drop()
  })

  it('scores an enqueued report within 2 s', async () => {
    const env = workerEnv({ databaseUrl: testDb.url, redisUrl: inject('redisUrl') })
    const queue = new BullmqScoringQueue({ url: env.REDIS_URL!, prefix: env.QUEUE_PREFIX! }, log)
    const worker = await startWorker(env)
    try {
      const report = await insertRedNotice(database.db, { partnerId })
      const started = Date.now()
      await queue.enqueue([{ kind: 'red_notice', reportId: report.id, revision: 1 }])
      await waitFor(async () => (await scoreRows(database.db, report.id)).length === 1, 2000, 'score within 2 s')
      expect(Date.now() - started).toBeLessThan(2000)
      expect(worker.output()).not.toContain('CANARY')
      expect((await worker.stop()).code).toBe(0)
    } finally {
      worker.child.kill('SIGKILL')
      await queue.close()
      await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
    }
  }, 30_000)

  it('after SIGKILL mid-batch and a restart, every one of 200 reports has exactly one score', async () => {
    const env = workerEnv({
      databaseUrl: testDb.url,
      redisUrl: inject('redisUrl'),
      // Short locks so the killed worker's jobs come back quickly; the reconciler stays out of the way.
      extra: { SCORING_LOCK_DURATION_MS: '2000', SCORING_STALLED_INTERVAL_MS: '1000', RECONCILE_INTERVAL_MS: '3600000', SCORING_CONCURRENCY: '8' }
    })
    const queue = new BullmqScoringQueue({ url: env.REDIS_URL!, prefix: env.QUEUE_PREFIX! }, log)
    const ids = await insertManyRedNotices(database.db, partnerId, 200)
    const scoredCount = async () => (await scoreCounts(database.db, ids)).scored
    try {
      let worker = await startWorker(env)
      await queue.enqueue(ids.map((reportId) => ({ kind: 'red_notice' as const, reportId, revision: 1 })))
      // Kill at a random point while jobs are in hand: after some reports are scored and before all are.
      const killAt = 1 + Math.floor(Math.random() * 150)
      const deadline = Date.now() + 20_000
      while (await scoredCount() < killAt && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      worker.child.kill('SIGKILL')
      await worker.exited
      const atKill = await scoredCount()
      // Jobs the dead worker held stay active until their lock expires: that is the "mid-job" being tested.
      const heldAtKill = await queue.raw.getActiveCount()
      worker = await startWorker(env)
      try {
        await waitFor(async () => await scoredCount() === 200, 30_000, 'all 200 scored after restart')
        expect((await scoreCounts(database.db, ids)).duplicated).toEqual([])
        expect(await queue.raw.getJobCountByTypes('failed')).toBe(0)
        expect(atKill, 'killed before the run ended').toBeLessThan(200)
        expect(heldAtKill, 'jobs were in hand when killed').toBeGreaterThan(0)
      } finally {
        worker.child.kill('SIGKILL')
      }
    } finally {
      await queue.close()
      await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
    }
  }, 60_000)

  it('keeps reconciling after FLUSHALL empties Redis under a live connection, with no manual step', async () => {
    const redis = await startOwnRedis(await freePort())
    const env = workerEnv({ databaseUrl: testDb.url, redisUrl: redis.url, extra: { RECONCILE_INTERVAL_MS: '1000' } })
    const worker = await startWorker(env)
    try {
      // The scheduler exists once the worker has reconciled at least once.
      await waitFor(async () => Number(await redisCommand(redis.url, 'EXISTS', `${env.QUEUE_PREFIX!}:maintenance:repeat:reconcile`)) === 1, 10_000, 'reconcile scheduler registered')
      // No reconnect follows a FLUSHALL: nothing but the periodic upsert can bring the scheduler back.
      await redisCommand(redis.url, 'FLUSHALL')
      // A report committed while its job was lost (the API's enqueue raced the flush).
      const report = await insertRedNotice(database.db, { partnerId, id: randomUUID() })
      await waitFor(async () => (await scoreRows(database.db, report.id)).length === 1, 20_000, 'score after FLUSHALL')
        .catch((err: Error) => { throw new Error(`${err.message}\nworker output:\n${worker.output()}`) })
      expect((await worker.stop()).code).toBe(0)
    } finally {
      worker.child.kill('SIGKILL')
      await redis.stop()
    }
  }, 60_000)

  it('scores a report stored while Redis was down once Redis is back, with no manual step', async () => {
    const redis = await startOwnRedis(await freePort())
    const env = workerEnv({ databaseUrl: testDb.url, redisUrl: redis.url, extra: { RECONCILE_INTERVAL_MS: '1000' } })
    const worker = await startWorker(env)
    const queue = new BullmqScoringQueue({ url: redis.url, prefix: env.QUEUE_PREFIX! }, log)
    let restarted = redis
    try {
      await redis.stop()
      const report = await insertRedNotice(database.db, { partnerId, id: randomUUID() })
      // What the API does after storing a report: the enqueue fails fast, the report stays unscored.
      await expect(queue.enqueue([{ kind: 'red_notice', reportId: report.id, revision: 1 }])).rejects.toThrow()
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(await scoreRows(database.db, report.id)).toEqual([])
      // Back, and empty: no persistence, so the queue and its job scheduler are gone too.
      restarted = await startOwnRedis(Number(new URL(redis.url).port))
      await waitFor(async () => (await scoreRows(database.db, report.id)).length === 1, 20_000, 'score after Redis returned')
        .catch((err: Error) => { throw new Error(`${err.message}\nworker output:\n${worker.output()}`) })
      expect((await worker.stop()).code).toBe(0)
    } finally {
      worker.child.kill('SIGKILL')
      await queue.close()
      await restarted.stop()
    }
  }, 60_000)
})
