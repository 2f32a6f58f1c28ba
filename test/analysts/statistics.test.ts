import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshStatistics, refreshStatisticsIfDue } from '../../src/db/queries/statistics.ts'
import { startReconcileTimer } from '../../src/scoring/reconciler.ts'
import { prng } from '../../src/seed/synthetic.ts'
import { bearer, createKey, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { expectProblem } from '../security/support.ts'
import { cell, insertAssurances, insertRecords, type AssuranceRecord, type StatRecord } from './statistics-reference.ts'

const J = 'journalist-or-activist'

function records (): StatRecord[] {
  const rng = prng(7)
  const out: StatRecord[] = []
  cell(out, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-01', band: 'critical', size: 4, indicators: { [J]: 3 } })
  cell(out, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-02', band: 'high', size: 3, indicators: { [J]: 3 } })
  cell(out, rng, { country: 'TR', mechanism: 'diffusion', month: '2025-02', band: 'low', size: 2 })
  return out
}

describe('statistics over HTTP (k = 3)', () => {
  let ctx: TestContext
  const tokens: Record<'reporter' | 'analyst' | 'admin', string> = { reporter: '', analyst: '', admin: '' }
  const get = async (url: string, role: keyof typeof tokens = 'analyst') => await ctx.app.inject({ url, headers: bearer(tokens[role]) })

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { STATS_MIN_GROUP_SIZE: '3' } })
    const admin = await seedAdmin(ctx)
    tokens.admin = admin.token
    const partner = await createPartner(ctx, admin.token, 'Statistics NGO')
    tokens.reporter = partner.token
    tokens.analyst = (await createKey(ctx, admin.token, admin.partnerId, 'analyst')).token
  })
  afterAll(async () => { await ctx.close() })

  it('answers an empty release with no time before the first refresh', async () => {
    const res = await get('/v1/stats/countries')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ asOf: null, minGroupSize: 3, groups: [], withheld: [] })
  })

  it('counts the release rebuilt by refreshStatistics, run as the application role, leaving out the class of 2', async () => {
    await insertRecords(ctx.database.db, records())
    const before = Date.now()
    const asOf = await refreshStatistics(ctx.database.db, { minGroupSize: 3 })
    expect(asOf.getTime()).toBeGreaterThanOrEqual(before - 1000)

    const countries = (await get('/v1/stats/countries')).json()
    expect(countries.asOf).toBe(asOf.toISOString())
    expect(countries.minGroupSize).toBe(3)
    expect(countries.groups).toEqual([{ requestingCountry: 'RU', count: 7, bands: { low: 0, elevated: 0, high: 3, critical: 4 }, meanScore: expect.any(Number) }])
    // Turkey's 2 reports are a pooled class below k: shown as "fewer than 3", never counted.
    expect(countries.withheld).toEqual([{ requestingCountry: 'TR', fewerThan: 3 }])
    expect(countries.groups[0].meanScore).toBeGreaterThanOrEqual(50)

    const timeline = (await get('/v1/stats/timeline?interval=month&requestingCountry=RU')).json()
    expect(timeline.interval).toBe('month')
    expect(timeline.groups.map((g: { month: string, period: string, count: number }) => [g.month, g.period, g.count])).toEqual([['2025-01', '2025-01', 4], ['2025-02', '2025-02', 3]])
    expect(timeline.notPlaced).toBe(0)
    const byYear = (await get('/v1/stats/timeline?interval=year')).json()
    expect(byYear.groups.map((g: { period: string, count: number }) => [g.period, g.count])).toEqual([['2025', 7]])
    const byQuarter = (await get('/v1/stats/timeline?interval=quarter')).json()
    expect(byQuarter.groups.map((g: { period: string, count: number }) => [g.period, g.count])).toEqual([['2025-Q1', 7]])

    // The January cell of 4 has the indicator on 3 reports: the one without it would be singled out by difference.
    const indicators = (await get('/v1/stats/indicators')).json()
    expect(indicators.groups).toEqual([{ indicatorId: J, count: 3, bands: { low: 0, elevated: 0, high: 3, critical: 0 }, meanScore: expect.any(Number) }])
    expect((await get(`/v1/stats/countries?indicator=${J}&createdTo=2025-01`)).json().groups).toEqual([])
    expect((await get('/v1/stats/countries?requestingCountry=TR')).json()).toMatchObject({ groups: [], withheld: [{ requestingCountry: 'TR', fewerThan: 3 }] })
    // A band filter could single out the state's band: no marker then.
    expect((await get('/v1/stats/countries?requestingCountry=TR&band=low')).json()).toMatchObject({ groups: [], withheld: [] })
  })

  it('rebuilds on the schedule only when the release is old or was built for another k', async () => {
    const db = ctx.database.db
    expect(await refreshStatisticsIfDue(db, { minGroupSize: 3, maxAgeMs: 3_600_000 })).toBe(false)
    expect(await refreshStatisticsIfDue(db, { minGroupSize: 3, maxAgeMs: 1 })).toBe(true)
    // Built for k = 4 (the partition depends on k), the release answers nothing to requests with k = 3 until rebuilt.
    expect(await refreshStatisticsIfDue(db, { minGroupSize: 4, maxAgeMs: 3_600_000 })).toBe(true)
    expect((await get('/v1/stats/countries')).json()).toMatchObject({ asOf: null, groups: [] })
    expect(await refreshStatisticsIfDue(db, { minGroupSize: 3, maxAgeMs: 3_600_000 })).toBe(true)
  })

  it('lets analysts and admins in, refuses reporters and callers without a key', async () => {
    for (const url of ['/v1/stats/countries', '/v1/stats/indicators', '/v1/stats/timeline', '/v1/stats/assurances', '/v1/stats/assurances/timeline']) {
      expect((await get(url, 'analyst')).statusCode).toBe(200)
      expect((await get(url, 'admin')).statusCode).toBe(200)
      expectProblem(await get(url, 'reporter'), 403, url)
      expectProblem(await ctx.app.inject({ url }), 401, url)
    }
  })

  it.each([
    ['subjectId', '00000000-0000-4000-8000-000000000000'], ['minScore', '50'], ['maxScore', '50'], ['profile', 'journalist'],
    ['chargeCategory', 'speech'], ['status', 'active'], ['q', 'name'], ['fullName', 'Ivanov'], ['createdAt', '2025-01-01T00:00:00Z']
  ])('refuses the filter %s with a 400 naming it', async (field, value) => {
    for (const url of ['/v1/stats/countries', '/v1/stats/indicators', '/v1/stats/timeline']) {
      const body = expectProblem(await get(`${url}?${field}=${encodeURIComponent(value)}`), 400, `${url} ${field}`)
      expect(JSON.stringify(body), url).toContain(field)
      expect(JSON.stringify(body), url).not.toContain(value === '50' ? '"50"' : value)
    }
  })

  it.each([
    ['createdFrom=2025-13', 'createdFrom'], ['createdTo=2025-1', 'createdTo'], ['createdFrom=2025-01-01', 'createdFrom'], ['createdFrom=0000-01', 'createdFrom'],
    ['createdFrom=2025-03&createdTo=2025-02', 'createdTo'], ['band=severe', 'band'], ['requestingCountry=ru', 'requestingCountry'], ['indicator=A%20B', 'indicator']
  ])('refuses %s naming %s', async (query, field) => {
    const body = expectProblem(await get(`/v1/stats/countries?${query}`), 400, query)
    expect(JSON.stringify(body)).toContain(field)
  })

  it('offers the timeline by month, quarter or year only, and names the allowed values', async () => {
    const body = expectProblem(await get('/v1/stats/timeline?interval=week'), 400)
    expect(JSON.stringify(body)).toContain('interval')
    for (const interval of ['month', 'quarter', 'year']) expect((await get(`/v1/stats/timeline?interval=${interval}`)).statusCode).toBe(200)
  })

  it('draws each answer as an SVG chart on Accept: image/svg+xml or format=svg, and refuses other media types', async () => {
    for (const url of ['/v1/stats/countries', '/v1/stats/indicators', '/v1/stats/timeline?interval=quarter', '/v1/stats/assurances', '/v1/stats/assurances/timeline']) {
      const viaAccept = await ctx.app.inject({ url, headers: { ...bearer(tokens.analyst), accept: 'image/svg+xml' } })
      expect(viaAccept.statusCode, url).toBe(200)
      expect(viaAccept.headers['content-type']).toMatch(/^image\/svg\+xml/)
      expect(viaAccept.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
      const viaFormat = await get(`${url}${url.includes('?') ? '&' : '?'}format=svg`)
      expect(viaFormat.headers['content-type'], url).toMatch(/^image\/svg\+xml/)
      expect((await get(`${url}${url.includes('?') ? '&' : '?'}format=json`)).headers['content-type'], url).toMatch(/^application\/json/)
      expectProblem(await ctx.app.inject({ url, headers: { ...bearer(tokens.analyst), accept: 'text/csv' } }), 406, url)
    }
    const chart = (await get('/v1/stats/countries?format=svg')).body
    // The bars carry the counts: RU's two bands, and nothing of the withheld state.
    expect(chart).toContain('RU')
    expect(chart).not.toContain('TR ')
  })

  it('counts assurances by giving and receiving state, split by receiving state only where every part holds k', async () => {
    const at = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`
    const records: AssuranceRecord[] = [
      // Uzbekistan to Russia: 4 high in 2024 (two months of 2), 3 critical in 2024 — year classes; 1 low — withheld.
      ...[1, 2, 3, 4].map((i) => ({ givingState: 'UZ', receivingState: 'RU', band: 'high' as const, score: 60, createdAt: at(i <= 2 ? '2024-03' : '2024-09', i) })),
      ...[1, 2, 3].map((i) => ({ givingState: 'UZ', receivingState: 'RU', band: 'critical' as const, score: 80, createdAt: at('2024-05', i) })),
      // Jordan: 3 low to the UK and 3 low to Sweden in one month: split by receiving state.
      ...[1, 2, 3].map((i) => ({ givingState: 'JO', receivingState: 'GB', band: 'low' as const, score: 10, createdAt: at('2024-02', i) })),
      ...[1, 2, 3].map((i) => ({ givingState: 'JO', receivingState: 'SE', band: 'low' as const, score: 20, createdAt: at('2024-02', i + 10) })),
      // Egypt: 2 assurances only.
      ...[1, 2].map((i) => ({ givingState: 'EG', receivingState: 'SE', band: 'critical' as const, score: 90, createdAt: at('2024-01', i) }))
    ]
    await insertAssurances(ctx.database.db, records)
    await refreshStatistics(ctx.database.db, { minGroupSize: 3 })
    const byGiving = (await get('/v1/stats/assurances')).json()
    expect(byGiving.groupBy).toBe('givingState')
    expect(byGiving.groups).toEqual([
      { givingState: 'UZ', count: 7, bands: { low: 0, elevated: 0, high: 4, critical: 3 }, meanScore: 68.6 },
      { givingState: 'JO', count: 6, bands: { low: 6, elevated: 0, high: 0, critical: 0 }, meanScore: 15 }
    ])
    expect(byGiving.withheld).toEqual([{ givingState: 'EG', fewerThan: 3 }])
    const byReceiving = (await get('/v1/stats/assurances?groupBy=receivingState')).json()
    // Uzbekistan's classes hold only Russia-bound assurances, so they are split too.
    expect(byReceiving.groups.map((g: { receivingState: string, count: number }) => [g.receivingState, g.count]))
      .toEqual([['RU', 7], ['GB', 3], ['SE', 3]])
    expect((await get('/v1/stats/assurances?receivingState=SE')).json().groups).toEqual([
      { givingState: 'JO', count: 3, bands: { low: 3, elevated: 0, high: 0, critical: 0 }, meanScore: 20 }
    ])
    const timeline = (await get('/v1/stats/assurances/timeline?interval=quarter')).json()
    // High 2024 is a year class (its quarters hold 2 each): a quarterly timeline cannot place it.
    expect(timeline.groups.map((g: { period: string, count: number }) => [g.period, g.count])).toEqual([['2024-Q1', 6], ['2024-Q2', 3]])
    expect(timeline.notPlaced).toBe(4)
    const yearly = (await get('/v1/stats/assurances/timeline?interval=year')).json()
    expect(yearly.groups.map((g: { period: string, count: number }) => [g.period, g.count])).toEqual([['2024', 13]])
    // Red-notice statistics are untouched by assurances.
    expect((await get('/v1/stats/countries')).json().groups.map((g: { requestingCountry: string }) => g.requestingCountry)).not.toContain('UZ')
  })

  it('gives the application role read access to the release and nothing more', async () => {
    await expect(ctx.database.db.execute(sql`delete from stats_release_classes`)).rejects.toMatchObject({ cause: { code: '42501' } })
    await expect(ctx.database.db.execute(sql`insert into stats_release (id, refreshed_at) values (1, now()) on conflict (id) do update set refreshed_at = now()`))
      .rejects.toMatchObject({ cause: { code: '42501' } })
  })
})

describe('statistics in embedded mode (PGlite)', () => {
  let ctx: TestContext
  beforeAll(async () => { ctx = await createTestContext({ storage: 'pglite', queue: new RecordingQueue() }) })
  afterAll(async () => { await ctx.close() })

  it('the reconcile timer rebuilds the release', async () => {
    const out: StatRecord[] = []
    cell(out, prng(3), { country: 'KZ', mechanism: 'wanted_list', month: '2024-11', band: 'elevated', size: 6 })
    await insertRecords(ctx.database.db, out)
    const db = ctx.database.db
    const timer = startReconcileTimer({ db, queue: ctx.queue, log: ctx.app.log as never, intervalMs: 60_000, alsoEachRun: () => refreshStatistics(db, { minGroupSize: ctx.config.statsMinGroupSize }) })
    try {
      await expect.poll(async () => (await ctx.app.inject({ url: '/v1/stats/countries', headers: bearer(await adminToken(ctx)) })).json().groups, { timeout: 20_000 })
        .toEqual([{ requestingCountry: 'KZ', count: 6, bands: { low: 0, elevated: 6, high: 0, critical: 0 }, meanScore: expect.any(Number) }])
    } finally {
      await timer.stop()
    }
  })
})

let cachedAdmin: string | undefined
async function adminToken (ctx: TestContext): Promise<string> {
  cachedAdmin ??= (await seedAdmin(ctx)).token
  return cachedAdmin
}
