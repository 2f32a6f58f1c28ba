import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

type Body = ReturnType<typeof chechenRedNotice>

describe('listing red notices with the analysts\' filters and the -score order', () => {
  let ctx: TestContext
  let reporter: PartnerKey
  let analyst: { token: string }
  const ids: Record<string, string> = {}

  /** What the scoring worker writes; the trigger copies it onto the report row. */
  async function score (id: string, revision: number, value: number, band: string, indicators: string[]): Promise<void> {
    const contributions = JSON.stringify(indicators.map((indicatorId) => ({ indicatorId, points: 1, evidence: [], explanation: 'test' })))
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
      (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('red_notice', ${id}, ${reporter.partnerId}, ${revision}, ${RULESET_VERSION}, ${value}, ${band}, ${value}, ${contributions}::jsonb)`))
  }
  const list = async (query: string, token = analyst.token) => {
    const res = await ctx.app.inject({ url: `/v1/red-notices?${query}`, headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: Array<{ id: string, currentScore: { score: number } | null, scoreStatus: string }>, nextCursor: string | null }
  }
  const names = (page: { items: Array<{ id: string }> }) => page.items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)).sort()

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Filters NGO')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
    const file = async (name: string, change: (body: Body) => void) => {
      const body = chechenRedNotice({ fullName: `Person ${name}` })
      change(body)
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: body })
      expect(res.statusCode, res.body).toBe(201)
      ids[name] = res.json().id
    }
    await file('journalist', (b) => { b.subject.profiles = ['journalist', 'ethnic_minority'] })
    await file('fraud', (b) => { b.charges = [{ description: 'Fraud on a large scale', legalProvision: 'Art. 159', category: 'fraud', allegedOffenceDate: '2016-01-01' }] })
    await file('armed', () => {})
    await file('unscored', (b) => { b.subject.profiles = ['journalist'] })
    await score(ids.journalist!, 1, 82, 'critical', ['journalist-or-activist', 'refugee-or-asylum-seeker'])
    await score(ids.fraud!, 1, 40, 'elevated', ['economic-charges'])
    await score(ids.armed!, 1, 61, 'high', ['vague-extremism-charges', 'refugee-or-asylum-seeker'])
  })
  afterAll(async () => { await ctx.close() })

  it('filters a subject\'s reports by their own indicators, profiles and charges (no facet table since 0033)', async () => {
    const [row] = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ subject_id: string }>(await tx.execute(sql`select subject_id from red_notices where id = ${ids.journalist!}::uuid`)))
    const subject = row!.subject_id
    expect(names(await list(`subjectId=${subject}`))).toEqual(['journalist'])
    expect(names(await list(`subjectId=${subject}&profile=journalist&indicator=refugee-or-asylum-seeker&sort=-score`))).toEqual(['journalist'])
    expect(names(await list(`subjectId=${subject}&profile=lawyer`))).toEqual([])
    expect(names(await list(`subjectId=${subject}&chargeCategory=fraud&sort=createdAt`))).toEqual([])
  })

  it('filters by band, score range and indicator of the current score', async () => {
    expect(names(await list('band=critical'))).toEqual(['journalist'])
    expect(names(await list('minScore=50'))).toEqual(['armed', 'journalist'])
    expect(names(await list('minScore=41&maxScore=70'))).toEqual(['armed'])
    expect(names(await list('indicator=refugee-or-asylum-seeker'))).toEqual(['armed', 'journalist'])
    expect(names(await list('indicator=no-such-indicator'))).toEqual([])
  })

  it('filters by profile and charge category, combined freely with the rest', async () => {
    expect(names(await list('profile=journalist'))).toEqual(['journalist', 'unscored'])
    expect(names(await list('profile=journalist&band=critical'))).toEqual(['journalist'])
    expect(names(await list('chargeCategory=fraud'))).toEqual(['fraud'])
    expect(names(await list('chargeCategory=armed_group&minScore=60'))).toEqual(['armed', 'journalist'])
  })

  it('orders by -score (unscored last) and pages through every report once', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const page = await list(`sort=-score&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
      seen.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
      if (cursor === null) break
    }
    expect(seen).toEqual([ids.journalist, ids.armed, ids.fraud, ids.unscored])
  })

  it('forgets the score of an earlier revision: a changed report is pending until scored again', async () => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids.fraud}`, headers: { ...bearer(reporter.token), 'if-match': '"1"' }, payload: { status: 'challenged' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ revision: 2, scoreStatus: 'pending', currentScore: null })
    expect(names(await list('band=elevated'))).toEqual([])
    await score(ids.fraud!, 2, 45, 'elevated', ['economic-charges'])
    expect(names(await list('band=elevated'))).toEqual(['fraud'])
  })

  it('keeps the indicator, profile and charge filters true when a report changes and is rescored (facet rows follow the arrays)', async () => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${ids.unscored}`, headers: { ...bearer(reporter.token), 'if-match': '"1"' }, payload: { subject: { profiles: ['lawyer'] }, charges: [{ description: 'Tax evasion', category: 'economic' }] } })
    expect(res.statusCode, res.body).toBe(200)
    expect(names(await list('profile=journalist'))).toEqual(['journalist'])
    expect(names(await list('profile=lawyer'))).toEqual(['unscored'])
    expect(names(await list('chargeCategory=economic'))).toEqual(['unscored'])
    expect(names(await list('chargeCategory=armed_group'))).not.toContain('unscored')
    await score(ids.unscored!, 2, 70, 'high', ['economic-charges', 'targeted-profile'])
    expect(names(await list('indicator=targeted-profile'))).toEqual(['unscored'])
    expect(names(await list('indicator=economic-charges&profile=lawyer'))).toEqual(['unscored'])
    // A later score of the same revision (a rescoring) replaces the indicators.
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`update scores set superseded_at = now() where report_id = ${ids.unscored} and revision = 2`))
    await score(ids.unscored!, 2, 50, 'elevated', ['economic-charges'])
    expect(names(await list('indicator=targeted-profile'))).toEqual([])
    expect(names(await list('indicator=economic-charges'))).toEqual(['fraud', 'unscored'])
  })

  it('pages a facet filter in each order exactly like the same order unfiltered, restricted to the matching reports', async () => {
    const walk = async (query: string) => {
      const seen: string[] = []
      let cursor: string | null = null
      for (let pageNo = 0; pageNo < 20; pageNo++) {
        const page = await list(`${query}&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
        seen.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor
        if (cursor === null) break
      }
      return seen
    }
    for (const sort of ['-score', 'createdAt', '-createdAt']) {
      const everything = await walk(`sort=${sort}`)
      for (const [filter, matching] of [['indicator=economic-charges', ['fraud', 'unscored']], ['profile=journalist', ['journalist']], ['chargeCategory=armed_group', ['armed', 'journalist']]] as const) {
        const expected = everything.filter((id) => matching.some((name) => ids[name] === id))
        expect(await walk(`sort=${sort}&${filter}`), `${sort} ${filter}`).toEqual(expected)
      }
      // Two facets at once: the first drives the query, the second is a condition.
      expect(await walk(`sort=${sort}&chargeCategory=armed_group&profile=journalist`)).toEqual([ids.journalist])
    }
  })

  it('shows each listed report as a single read shows it, and audits exactly the items served', async () => {
    // Two filings of one person: each has one other report on its subject. A final failure makes `failed`.
    const twin = chechenRedNotice({ fullName: 'Person twin' })
    const twins: string[] = []
    for (let i = 0; i < 2; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: twin })
      expect(res.statusCode, res.body).toBe(201)
      twins.push(res.json().id)
    }
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scoring_failures
      (report_kind, report_id, revision, ruleset_version, partner_id, attempts, final, permanent, reason)
      values ('red_notice', ${twins[1]}, 1, ${RULESET_VERSION}, ${reporter.partnerId}, 3, true, false, 'test')`))
    for (const [token, identities] of [[analyst.token, false], [reporter.token, true]] as const) {
      const res = await ctx.app.inject({ url: '/v1/red-notices?sort=-createdAt&limit=3', headers: bearer(token) })
      expect(res.statusCode, res.body).toBe(200)
      const { items } = res.json() as { items: Array<Record<string, unknown> & { id: string }> }
      expect(items.map((item) => item.id).slice(0, 2)).toEqual([twins[1], twins[0]])
      expect(items[0]).toMatchObject({ otherReportsOnSubject: 1, scoreStatus: 'failed', currentScore: null })
      expect(items[1]).toMatchObject({ otherReportsOnSubject: 1, scoreStatus: 'pending' })
      for (const item of items) {
        const single = await ctx.app.inject({ url: `/v1/red-notices/${item.id}`, headers: bearer(token) })
        expect(item).toEqual(single.json())
      }
      const events = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select target_id, details from audit_events
        where action = 'red_notice.read' and request_id = ${res.headers['x-request-id'] as string} order by target_id`))
      const audited = (events as unknown as { rows: Array<{ target_id: string, details: unknown }> }).rows
      // Three items served out of the four rows the page read (the fourth only says a next page exists).
      expect(audited.map((event) => event.target_id)).toEqual(items.map((item) => item.id).sort())
      for (const event of audited) {
        const item = items.find((candidate) => candidate.id === event.target_id)
        expect(event.details).toEqual({ revision: item?.revision, identities, via: 'list' })
      }
    }
  })

  it('refuses values outside the vocabularies and ranges with 400 naming the parameter', async () => {
    for (const [query, pointer] of [['band=extreme', '/band'], ['minScore=101', '/minScore'], ['profile=spy', '/profile'], ['sort=score', '/sort'], ['indicator=DROP%20TABLE', '/indicator']]) {
      const res = await ctx.app.inject({ url: `/v1/red-notices?${query}`, headers: bearer(analyst.token) })
      expect(res.statusCode, query).toBe(400)
      expect(res.json().errors[0]).toMatchObject({ in: 'querystring', pointer })
    }
  })
})
