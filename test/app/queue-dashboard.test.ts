import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` })

describe('the queue dashboard (Bull Board) at /admin/queues', () => {
  let ctx: TestContext
  let queue: BullmqScoringQueue
  let admin: { token: string }
  let reporter: PartnerKey
  let analyst: PartnerKey
  beforeAll(async () => {
    ctx = await createTestContext({ queue: () => { queue = new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `board-${randomUUID().slice(0, 8)}` }, createLogger('silent')); return queue } })
    admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Board NGO')
    analyst = await createPartner(ctx, admin.token, 'Board analysts', 'analyst')
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice({ fullName: 'CANARY Dashboard Person' }) })
    expect(res.statusCode).toBe(201)
  })
  afterAll(async () => {
    await queue.raw.obliterate({ force: true })
    await ctx.close()
  })

  it('asks a browser for credentials, and refuses non-admin keys', async () => {
    const anonymous = await ctx.app.inject('/admin/queues')
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/)
    expect(anonymous.headers['content-type']).toContain('application/problem+json')
    expect((await ctx.app.inject({ url: '/admin/queues', headers: basic('rnm_not_a_key') })).statusCode).toBe(401)
    expect((await ctx.app.inject({ url: '/admin/queues', headers: basic(reporter.token) })).statusCode).toBe(403)
    expect((await ctx.app.inject({ url: '/admin/queues/api/queues', headers: bearer(analyst.token) })).statusCode).toBe(403)
  })

  it('serves the page to an admin, under a CSP that admits only its own scripts', async () => {
    const page = await ctx.app.inject({ url: '/admin/queues', headers: basic(admin.token) })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('red-notice-monitor queues')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(page.headers['cache-control']).toBe('no-store')
  })

  it('lists the scoring queue and its job, which holds ids only', async () => {
    const res = await ctx.app.inject({ url: '/admin/queues/api/queues?activeQueue=scoring&status=waiting&page=1', headers: basic(admin.token) })
    expect(res.statusCode).toBe(200)
    const body = res.json() as { queues: Array<{ name: string, counts: Record<string, number>, jobs: Array<{ data: unknown }> }> }
    const scoring = body.queues.find((q) => q.name === 'scoring')
    expect(scoring?.counts.waiting).toBe(1)
    expect(scoring?.jobs[0]?.data).toMatchObject({ kind: 'red_notice', revision: 1 })
    expect(res.body).not.toContain('CANARY')
  })

  it('is absent with the in-process queue (embedded mode)', async () => {
    const embedded = await createTestContext()
    try {
      expect((await embedded.app.inject({ url: '/admin/queues', headers: basic(admin.token) })).statusCode).toBe(404)
    } finally {
      await embedded.close()
    }
  })
})
