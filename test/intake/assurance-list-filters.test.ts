import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { russianAssurance } from '../helpers/bodies.ts'

describe('listing assurances with the analysts\' filters and the -score order', () => {
  let ctx: TestContext
  let reporter: PartnerKey
  let other: PartnerKey
  let analyst: { token: string }
  const ids: Record<string, string> = {}

  /** What the scoring worker writes; the trigger copies it onto the assurance row. */
  async function score (id: string, revision: number, value: number, band: string): Promise<void> {
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
      (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('assurance', ${id}, ${reporter.partnerId}, ${revision}, ${RULESET_VERSION}, ${value}, ${band}, ${value}, '[]'::jsonb)`))
  }
  type Page = { items: Array<Record<string, unknown> & { id: string }>, nextCursor: string | null }
  const list = async (query: string, token = analyst.token): Promise<Page> => {
    const res = await ctx.app.inject({ url: `/v1/assurances?${query}`, headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Page
  }
  const names = (page: Page) => page.items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)).sort()

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Assurances NGO')
    other = await createPartner(ctx, admin.token, 'Other NGO')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
    const file = async (name: string, change: Partial<ReturnType<typeof russianAssurance>>) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: bearer(reporter.token), payload: { ...russianAssurance(), ...change } })
      expect(res.statusCode, res.body).toBe(201)
      ids[name] = res.json().id
    }
    await file('ruFr', {})
    await file('ruDe', { receivingState: 'DE' })
    await file('tjDe', { givingState: 'TJ', receivingState: 'DE' })
    await file('unscored', { givingState: 'TJ' })
    await score(ids.ruFr!, 1, 85, 'critical')
    await score(ids.ruDe!, 1, 62, 'high')
    await score(ids.tjDe!, 1, 30, 'elevated')
  })
  afterAll(async () => { await ctx.close() })

  it('filters by giving and receiving state, band and score range of the current score, combined freely', async () => {
    expect(names(await list('givingState=TJ'))).toEqual(['tjDe', 'unscored'])
    expect(names(await list('receivingState=DE'))).toEqual(['ruDe', 'tjDe'])
    expect(names(await list('givingState=RU&receivingState=DE'))).toEqual(['ruDe'])
    expect(names(await list('band=critical'))).toEqual(['ruFr'])
    expect(names(await list('minScore=60'))).toEqual(['ruDe', 'ruFr'])
    expect(names(await list('minScore=31&maxScore=84'))).toEqual(['ruDe'])
    // An unscored assurance has no score: no range holds it, not even 0–100.
    expect(names(await list('maxScore=100'))).toEqual(['ruDe', 'ruFr', 'tjDe'])
    expect(names(await list('receivingState=DE&maxScore=50'))).toEqual(['tjDe'])
  })

  it('filters by creation time', async () => {
    const all = await list('sort=createdAt')
    const second = all.items[1]!.createdAt as string
    expect(names(await list(`createdFrom=${encodeURIComponent(second)}`))).toEqual(names({ items: all.items.slice(1), nextCursor: null }))
    expect(names(await list(`createdTo=${encodeURIComponent(second)}`))).toEqual(names({ items: all.items.slice(0, 1), nextCursor: null }))
  })

  it('orders by -score (unscored last), createdAt and -createdAt, and pages through every assurance once', async () => {
    const pages = async (sort: string) => {
      const seen: string[] = []
      let cursor: string | null = null
      for (let pageNo = 0; pageNo < 10; pageNo++) {
        const page = await list(`sort=${sort}&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)
        seen.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor
        if (cursor === null) break
      }
      return seen
    }
    expect(await pages('-score')).toEqual([ids.ruFr, ids.ruDe, ids.tjDe, ids.unscored])
    const ascending = await pages('createdAt')
    expect(new Set(ascending)).toEqual(new Set(Object.values(ids)))
    expect(await pages('-createdAt')).toEqual([...ascending].reverse())
  })

  it('shows analysts the assurances pseudonymised, and a reporter only its own', async () => {
    const page = await list('band=critical')
    expect(page.items[0]).toMatchObject({ id: ids.ruFr, currentScore: { score: 85, band: 'critical' } })
    expect(JSON.stringify(page)).not.toContain('Магомед')
    expect(page.items[0]).not.toHaveProperty('subjectFullName')
    expect(page.items[0]).not.toHaveProperty('notes')
    expect(names(await list('minScore=0', other.token))).toEqual([])
    expect(JSON.stringify(await list('band=critical', reporter.token))).toContain('Магомед')
  })

  it('forgets the score of an earlier revision: a changed assurance is pending until scored again', async () => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/assurances/${ids.ruDe}`, headers: { ...bearer(reporter.token), 'if-match': '"1"' }, payload: { termsDisclosed: true } })
    expect(res.statusCode, res.body).toBe(200)
    expect(names(await list('band=high'))).toEqual([])
    await score(ids.ruDe!, 2, 64, 'high')
    expect(names(await list('band=high'))).toEqual(['ruDe'])
  })

  it('refuses values outside the vocabularies and ranges, and forged cursors, with 400 naming the parameter', async () => {
    const forged = Buffer.from(JSON.stringify({ score: 'high', id: 'x' })).toString('base64url')
    for (const [query, pointer] of [['band=extreme', '/band'], ['minScore=101', '/minScore'], ['maxScore=-1', '/maxScore'], ['sort=score', '/sort'], [`sort=-score&cursor=${forged}`, '/cursor']]) {
      const res = await ctx.app.inject({ url: `/v1/assurances?${query}`, headers: bearer(analyst.token) })
      expect(res.statusCode, query).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().errors[0]).toMatchObject({ pointer })
    }
  })
})
