import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

describe('/metrics after a short load', () => {
  let ctx: TestContext
  let queue: BullmqScoringQueue
  beforeAll(async () => {
    ctx = await createTestContext({ queue: () => { queue = new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `metrics-${randomUUID().slice(0, 8)}` }, createLogger('silent')); return queue } })
    const admin = await seedAdmin(ctx)
    const reporter = await createPartner(ctx, admin.token, 'Metrics NGO')
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice({ fullName: `Person ${i}` }) })
      expect(res.statusCode).toBe(201)
    }
    await ctx.app.inject({ url: `/v1/red-notices/${randomUUID()}`, headers: bearer(reporter.token) })
    await new Promise((resolve) => setTimeout(resolve, 300))
  })
  afterAll(async () => {
    await queue.raw.obliterate({ force: true })
    await ctx.close()
  })

  it('shows non-zero request, queue and backlog series, labelled by route template only', async () => {
    const res = await ctx.app.inject('/metrics')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    const text = res.body
    expect(text).toMatch(/http_requests_total\{route="\/v1\/red-notices",method="POST",status="201"\} 5/)
    expect(text).toMatch(/http_requests_total\{route="\/v1\/red-notices\/:id",method="GET",status="404"\} 1/)
    expect(text).toMatch(/http_request_duration_seconds_count\{route="\/v1\/red-notices",method="POST",status="201"\} 5/)
    expect(text).toMatch(/scoring_queue_jobs\{queue="scoring",state="waiting"\} 5/)
    expect(text).toMatch(/reconciler_unscored_reports 5/)
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)
  })
})
