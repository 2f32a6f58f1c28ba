import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

describe('health', () => {
  describe('with PostgreSQL and BullMQ on Redis', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ queue: () => new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `t-${Date.now()}` }, createLogger('silent')) })
    })
    afterAll(async () => { await ctx.close() })

    it('is live and ready when the database and Redis answer', async () => {
      expect((await ctx.app.inject('/health/live')).json()).toEqual({ status: 'ok' })
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'up', queue: 'up' } })
    })
  })

  describe('when Redis is unreachable', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ queue: () => new BullmqScoringQueue({ url: 'redis://127.0.0.1:1', prefix: 'unreachable' }, createLogger('silent')) })
    })
    afterAll(async () => { await ctx.close() })

    it('is live but not ready, and says which check failed', async () => {
      expect((await ctx.app.inject('/health/live')).statusCode).toBe(200)
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'up', queue: 'down' } })
    })
  })

  describe('when the database is gone', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ storage: 'pglite' })
      await ctx.database.close()
    })
    afterAll(async () => { await ctx.app.close() })

    it('is not ready', async () => {
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json().checks).toEqual({ database: 'down', queue: 'not configured' })
    })
  })
})
