import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION, listIndicators } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { addRedNoticeRevision, insertAssurance, insertRedNotice, redNoticeFacts } from './fixtures.ts'

describe('score routes', () => {
  let ctx: TestContext
  let admin: string
  let reporterA: { partnerId: string, token: string }
  let reporterB: { partnerId: string, token: string }
  let analyst: { partnerId: string, token: string }
  let handlers: ReturnType<typeof createScoringHandlers>
  const meta = { jobId: 't', attempt: 1 }

  beforeAll(async () => {
    ctx = await createTestContext()
    admin = await insertAdminKey(ctx)
    reporterA = await createPartnerWithKey(ctx, admin, 'reporter')
    reporterB = await createPartnerWithKey(ctx, admin, 'reporter')
    analyst = await createPartnerWithKey(ctx, admin, 'analyst')
    handlers = createScoringHandlers({ db: ctx.database.db, log: createLogger('silent') })
  })
  afterAll(async () => { await ctx.close() })

  const get = async (url: string, token: string) => await ctx.app.inject({ method: 'GET', url, headers: bearer(token) })

  it('answers 202 pending with Retry-After before scoring, then 200 with the explained score', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporterA.partnerId })
    const pending = await get(`/v1/red-notices/${report.id}/score`, reporterA.token)
    expect(pending.statusCode).toBe(202)
    expect(pending.headers['retry-after']).toBe('2')
    expect(pending.json()).toEqual({ status: 'pending', revision: 1 })

    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    for (const token of [reporterA.token, analyst.token, admin]) {
      const scored = await get(`/v1/red-notices/${report.id}/score`, token)
      expect(scored.statusCode).toBe(200)
      const body = scored.json()
      expect(Object.keys(body).sort()).toEqual(['band', 'contributions', 'revision', 'rulesetVersion', 'scale', 'score', 'scoredAt'])
      // The score says how to read it: direction, band limits, points before the cap, and the cap.
      expect(body.scale).toMatchObject({ bandLimits: { elevated: 25, high: 50, critical: 75 }, cap: 100 })
      expect(body.scale.direction).toMatch(/^Higher means/)
      expect(body.scale.pointsBeforeCap).toBe(body.contributions.reduce((sum: number, c: { points: number }) => sum + c.points, 0))
      expect(body).toMatchObject({ revision: 1, rulesetVersion: RULESET_VERSION })
      expect(body.contributions[0]).toEqual({ indicatorId: expect.any(String), points: expect.any(Number), evidence: expect.any(Array), explanation: expect.any(String) })
    }
  })

  it('audits every score it serves (current and history), by the caller\'s key; a pending answer reads no score', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporterA.partnerId })
    const eventsOf = async (requestId: string) => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) =>
      rowsOf<{ action: string, target_id: string, actor_partner_id: string, details: unknown }>(await tx.execute(sql`
        select action, target_id, actor_partner_id, details from audit_events where request_id = ${requestId}`)))
    const pending = await get(`/v1/red-notices/${report.id}/score`, analyst.token)
    expect(pending.statusCode).toBe(202)
    expect(await eventsOf(pending.headers['x-request-id'] as string)).toEqual([])

    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const scored = await get(`/v1/red-notices/${report.id}/score`, analyst.token)
    expect(scored.statusCode).toBe(200)
    expect(await eventsOf(scored.headers['x-request-id'] as string)).toEqual([
      { action: 'red_notice.score_read', target_id: report.id, actor_partner_id: analyst.partnerId, details: { revision: 1, rulesetVersion: RULESET_VERSION } }
    ])
    const history = await get(`/v1/red-notices/${report.id}/scores`, reporterA.token)
    expect(history.statusCode).toBe(200)
    expect(await eventsOf(history.headers['x-request-id'] as string)).toEqual([
      { action: 'red_notice.scores_read', target_id: report.id, actor_partner_id: reporterA.partnerId, details: { scores: 1 } }
    ])
    // Another partner's report is not found, and nothing is recorded as read.
    const foreign = await get(`/v1/red-notices/${report.id}/score`, reporterB.token)
    expect(foreign.statusCode).toBe(404)
    expect(await eventsOf(foreign.headers['x-request-id'] as string)).toEqual([])
  })

  it('answers 404, exactly as for a missing id, when the report belongs to another partner', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporterA.partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    for (const suffix of ['score', 'scores']) {
      const foreign = await get(`/v1/red-notices/${report.id}/${suffix}`, reporterB.token)
      const missing = await get(`/v1/red-notices/${randomUUID()}/${suffix}`, reporterB.token)
      expect(foreign.statusCode).toBe(404)
      expect(foreign.headers['content-type']).toContain('application/problem+json')
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined })
      expect(strip(foreign.json())).toEqual(strip(missing.json()))
    }
  })

  it('is 202 again for a new revision until it is scored, and answers `failed` with a safe detail', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporterA.partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    await addRedNoticeRevision(ctx.database.db, report, reporterA.partnerId, redNoticeFacts({ charges: 42 }))
    expect((await get(`/v1/red-notices/${report.id}/score`, reporterA.token)).json()).toEqual({ status: 'pending', revision: 2 })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 2 }, meta).catch(() => {})
    const failed = await get(`/v1/red-notices/${report.id}/score`, reporterA.token)
    expect(failed.statusCode).toBe(202)
    expect(failed.json()).toMatchObject({ status: 'failed', revision: 2, detail: expect.stringContaining('ruleset') })
  })

  it('serves assurance scores the same way', async () => {
    const assurance = await insertAssurance(ctx.database.db, { partnerId: reporterA.partnerId })
    expect((await get(`/v1/assurances/${assurance.id}/score`, reporterA.token)).statusCode).toBe(202)
    await handlers.handle({ kind: 'assurance', reportId: assurance.id, revision: 1 }, meta)
    expect((await get(`/v1/assurances/${assurance.id}/score`, analyst.token)).statusCode).toBe(200)
    expect((await get(`/v1/assurances/${assurance.id}/score`, reporterB.token)).statusCode).toBe(404)
    expect((await get(`/v1/red-notices/${assurance.id}/score`, reporterA.token)).statusCode).toBe(404)
  })

  it('lists the history newest first, each entry with what changed since the previous one, paginated', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporterA.partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const second = await addRedNoticeRevision(ctx.database.db, report, reporterA.partnerId, redNoticeFacts({ subject: {} }))
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: second.revision }, meta)
    const page1 = await get(`/v1/red-notices/${report.id}/scores?limit=1`, analyst.token)
    expect(page1.statusCode).toBe(200)
    const [latest] = page1.json().items
    expect(latest).toMatchObject({ revision: 2, current: true, supersededAt: null })
    expect(latest.changes).toMatchObject({ fromRevision: 1, fromRulesetVersion: RULESET_VERSION })
    expect(latest.changes.indicatorsRemoved).toContain('refugee-or-asylum-seeker')
    expect(latest.changes.scoreDelta).toBeLessThan(0)
    const page2 = await get(`/v1/red-notices/${report.id}/scores?limit=1&cursor=${page1.json().nextCursor}`, analyst.token)
    expect(page2.json()).toMatchObject({ items: [{ revision: 1, current: false, changes: null }], nextCursor: null })
  })

  it('rejects unauthenticated calls and malformed ids with problem+json', async () => {
    const noKey = await ctx.app.inject({ method: 'GET', url: `/v1/red-notices/${randomUUID()}/score` })
    expect(noKey.statusCode).toBe(401)
    const bad = await get('/v1/red-notices/not-a-uuid/score', analyst.token)
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
  })

  it('serves the indicator catalogue of the current ruleset to every role', async () => {
    for (const token of [reporterA.token, analyst.token, admin]) {
      const response = await get('/v1/indicators', token)
      expect(response.statusCode).toBe(200)
      expect(response.json().rulesetVersion).toBe(RULESET_VERSION)
      expect(response.json().items.map((i: { id: string }) => i.id)).toEqual(listIndicators().map((i) => i.id))
    }
    const assurances = await get('/v1/indicators?appliesTo=assurance', analyst.token)
    expect(assurances.json().items.every((i: { appliesTo: string }) => i.appliesTo === 'assurance')).toBe(true)
  })
})
