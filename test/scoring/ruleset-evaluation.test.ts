import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { suppressedEvaluation, outcomeLabel, withoutOutcomeFacts } from '../../src/domain/backtest.ts'
import type { RedNoticeFacts } from '../../src/domain/index.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { insertRedNotice, redNoticeFacts } from './fixtures.ts'

// GET /v1/rulesets/{version}/evaluation on real PostgreSQL: labels from recorded outcomes, the first
// revision scored with outcome facts excluded, small groups suppressed.
const GERMAN_ROBBERY = {
  mechanism: 'red_notice',
  requestingCountry: 'DE',
  subject: {},
  charges: [{ category: 'violent', legalProvision: 'StGB § 250', particulars: 'specific', allegedOffenceDate: '2019-05-03' }],
  sources: [{ kind: 'court_document' }]
}

describe('GET /v1/rulesets/{version}/evaluation', () => {
  let ctx: TestContext
  let analyst: { token: string }
  let reporter: { partnerId: string, token: string }

  beforeAll(async () => {
    ctx = await createTestContext({ env: { STATS_MIN_GROUP_SIZE: '2' } })
    const admin = await insertAdminKey(ctx)
    analyst = await createPartnerWithKey(ctx, admin, 'analyst')
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const db = ctx.database.db
    const partnerId = reporter.partnerId
    // Abuse: first report a refugee journalist; later the notice is deleted on political grounds.
    for (let i = 0; i < 3; i++) {
      await insertRedNotice(db, { partnerId, revisions: [redNoticeFacts(), redNoticeFacts({ events: [{ type: 'notice_deleted', grounds: 'political' }] })] })
    }
    // Abuse, with the outcome already in the first revision: an ordinary German case whose only signs
    // are outcome events. Excluded, they must not score: these two land in `low`.
    for (let i = 0; i < 2; i++) {
      const withOutcome = { ...GERMAN_ROBBERY, status: 'deleted', events: [{ type: 'interim_measures' }, { type: 'extradition_refused', grounds: 'torture_risk' }, { type: 'notice_deleted', grounds: 'political' }] }
      await insertRedNotice(db, { partnerId, revisions: [withOutcome] })
    }
    // Legitimate: extradited and surrendered.
    for (let i = 0; i < 3; i++) {
      await insertRedNotice(db, { partnerId, revisions: [GERMAN_ROBBERY, { ...GERMAN_ROBBERY, events: [{ type: 'extradition_approved', country: 'FR' }, { type: 'deported', country: 'FR' }] }] })
    }
    // No label: approved but not carried out; withdrawn reports never count.
    await insertRedNotice(db, { partnerId, revisions: [GERMAN_ROBBERY, { ...GERMAN_ROBBERY, events: [{ type: 'extradition_approved' }] }] })
    await insertRedNotice(db, { partnerId, withdrawn: true, revisions: [redNoticeFacts({ events: [{ type: 'interim_measures' }] })] })
  })
  afterAll(async () => { await ctx.close() })

  const get = async (url: string, token: string) => await ctx.app.inject({ method: 'GET', url, headers: bearer(token) })

  it('labels the outcomes, scores first revisions without outcome facts, and reports the metrics', async () => {
    const res = await get('/v1/rulesets/2026.12.1/evaluation', analyst.token)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.rulesetVersion).toBe('2026.12.1')
    expect(body.minGroupSize).toBe(2)
    expect(body.labelled).toEqual({ abuse: 5, legitimate: 3 })
    // The two reports whose only signs were outcome events score as the ordinary case they are.
    expect(body.confusion.abuse.low).toBe(2)
    expect(body.confusion.abuse.critical).toBe(3)
    expect(body.confusion.legitimate).toEqual({ low: 3, elevated: null, high: null, critical: null })
    expect(body.abuseFlagged).toBe(0.6)
    expect(body.legitimateFlagged).toBe(0)
    // 3 critical abuse above all legitimate; 2 low abuse tie with the 3 low legitimate: (3*3 + 2*3*0.5) / 15.
    expect(body.auc).toBeCloseTo(0.8, 10)
  })

  it('evaluates an older ruleset too, and refuses unknown versions and reporters', async () => {
    expect((await get('/v1/rulesets/2026.11.1/evaluation', analyst.token)).json().rulesetVersion).toBe('2026.11.1')
    expect((await get('/v1/rulesets/1999.1.1/evaluation', analyst.token)).statusCode).toBe(404)
    expect((await get('/v1/rulesets/2026.12.1/evaluation', reporter.token)).statusCode).toBe(403)
  })
})

describe('backtest labels and suppression (pure)', () => {
  const base: RedNoticeFacts = { mechanism: 'red_notice', requestingCountry: 'DE', subject: {}, charges: [], events: [], sources: [] }

  it('labels abuse, legitimate or nothing', () => {
    expect(outcomeLabel({ ...base, events: [{ type: 'extradition_refused', grounds: 'refugee_status' }] }, base)).toBe('abuse')
    expect(outcomeLabel({ ...base, events: [{ type: 'extradition_refused', grounds: 'procedural' }] }, base)).toBeNull()
    expect(outcomeLabel({ ...base, events: [{ type: 'conviction' }] }, base)).toBe('legitimate')
    // A conviction already known at first report is not an outcome.
    expect(outcomeLabel({ ...base, events: [{ type: 'conviction' }] }, { ...base, events: [{ type: 'conviction' }] })).toBeNull()
    expect(outcomeLabel({ ...base, events: [{ type: 'extradition_approved' }, { type: 'deported' }, { type: 'interim_measures' }] }, base)).toBe('abuse')
  })

  it('drops outcome events and a deleted status from the scored facts, keeping the rest', () => {
    const facts = withoutOutcomeFacts({ ...base, status: 'deleted', events: [{ type: 'arrest' }, { type: 'notice_deleted' }, { type: 'conviction' }] })
    expect(facts.status).toBeUndefined()
    expect(facts.events).toEqual([{ type: 'arrest' }])
  })

  it('withholds every figure over fewer than k reports', () => {
    const c = (label: 'abuse' | 'legitimate', band: 'low' | 'critical') => ({ id: 'x', kind: 'red_notice' as const, label, score: band === 'low' ? 0 : 90, band, contributions: [] })
    const e = suppressedEvaluation([c('abuse', 'critical'), c('abuse', 'critical'), c('abuse', 'low'), c('legitimate', 'low')], 2)
    expect(e.labelled).toEqual({ abuse: 3, legitimate: null })
    expect(e.auc).toBeNull()
    expect(e.legitimateFlagged).toBeNull()
    expect(e.abuseFlagged).toBeCloseTo(2 / 3)
    expect(e.confusion.abuse).toEqual({ low: null, elevated: null, high: null, critical: 2 })
  })
})
