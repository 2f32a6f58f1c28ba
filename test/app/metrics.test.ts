import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { cachedFor } from '../../src/plugins/metrics.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

const METRICS_TOKEN = `metrics-${randomUUID()}`

describe('/metrics after a short load', () => {
  let ctx: TestContext
  let queue: BullmqScoringQueue
  let adminToken: string
  let reporterToken: string
  beforeAll(async () => {
    ctx = await createTestContext({ env: { METRICS_TOKEN }, queue: () => { queue = new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `metrics-${randomUUID().slice(0, 8)}` }, createLogger('silent')); return queue } })
    const admin = await seedAdmin(ctx)
    adminToken = admin.token
    const reporter = await createPartner(ctx, admin.token, 'Metrics NGO')
    reporterToken = reporter.token
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

  it('answers only METRICS_TOKEN or an admin key: 401 without credentials or with a wrong token, 403 to a reporter', async () => {
    const anonymous = await ctx.app.inject('/metrics')
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['content-type']).toContain('application/problem+json')
    expect((await ctx.app.inject({ url: '/metrics', headers: bearer(`${METRICS_TOKEN}x`) })).statusCode).toBe(401)
    expect((await ctx.app.inject({ url: '/metrics', headers: bearer(reporterToken) })).statusCode).toBe(403)
    expect((await ctx.app.inject({ url: '/metrics', headers: bearer(adminToken) })).statusCode).toBe(200)
  })

  it('shows non-zero request, queue and backlog series, labelled by route template only', async () => {
    const res = await ctx.app.inject({ url: '/metrics', headers: bearer(METRICS_TOKEN) })
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

describe('the backlog count behind /metrics', () => {
  it('is read at most once per cache period, and once for scrapes that arrive together', async () => {
    let clock = 0
    let reads = 0
    let release: () => void = () => {}
    const read = async (): Promise<number> => { reads++; await new Promise<void>((resolve) => { release = resolve }); return reads * 10 }
    const backlog = cachedFor(30_000, read, () => clock)
    const together = [backlog(), backlog(), backlog()]
    release()
    expect(await Promise.all(together)).toEqual([10, 10, 10])
    expect(reads).toBe(1)
    clock = 29_999
    expect(await backlog()).toBe(10)
    expect(reads).toBe(1)
    clock = 30_000
    const later = backlog()
    release()
    expect(await later).toBe(20)
    expect(reads).toBe(2)
  })
})
