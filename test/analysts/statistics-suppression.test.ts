/**
 * Issue #5 item 2: no combination of the statistics filters reveals a suppressed group by difference.
 * A dataset with deliberately small groups (a country with 3 reports, an indicator in 2 reports of a large
 * cell, a month with 1 report, a band cell of 4, reports that must not count at all) next to large ones;
 * every combination of the allowed filter values on every endpoint; each published group mapped back to the
 * exact records it is made of.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/client.ts'
import type { StatisticsGrouping } from '../../src/db/queries/statistics.ts'
import { prng } from '../../src/seed/synthetic.ts'
import { BANDS } from '../../src/statistics/release-rules.ts'
import { statisticsBy, type StatisticsGroup } from '../../src/statistics/statistics.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import {
  allFilters, bandCounts, cell, insertRecords, meanScore, Reference, setOf, smallDifferences, popcount,
  type Endpoint, type Filters, type PublishedSet, type StatRecord
} from './statistics-reference.ts'

const K = 5
const J = 'journalist-or-activist'
const R = 'refugee-or-asylum-seeker'
const X = 'rare-indicator'
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04']
const VALUES = { countries: ['RU', 'TR', 'BY', 'US'], mechanisms: ['red_notice', 'diffusion'], indicators: [J, R, X], months: MONTHS }

function dataset (): StatRecord[] {
  const rng = prng(20251124)
  const out: StatRecord[] = []
  // Large: Russia's red notices, every month and band, with indicators on varying shares of each cell.
  for (const month of MONTHS.slice(0, 3)) {
    for (const band of BANDS) {
      if (month === '2025-01' && band === 'critical') continue
      if (month === '2025-02' && band === 'high') continue
      const size = 6 + Math.floor(rng() * 6)
      cell(out, rng, { country: 'RU', mechanism: 'red_notice', month, band, size, indicators: { [J]: Math.floor(rng() * (size + 1)), [R]: size - Math.floor(rng() * 3) } })
    }
  }
  // A band cell of 4 (otherwise large country, month and mechanism).
  cell(out, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-01', band: 'critical', size: 4, indicators: { [J]: 4 } })
  // An indicator in 2 reports of a large cell; another in all but 2; a third in all of them.
  cell(out, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-02', band: 'high', size: 12, indicators: { [X]: 2, [J]: 10, [R]: 12 } })
  // Near a month boundary: 23:30 UTC on 31 January is February in most of Asia; the release counts UTC months.
  cell(out, rng, { country: 'RU', mechanism: 'red_notice', month: '2025-01', band: 'elevated', size: 1, createdAt: '2025-01-31T23:30:00.000Z' })
  // A month with a single report.
  cell(out, rng, { country: 'RU', mechanism: 'diffusion', month: '2025-04', band: 'low', size: 1, indicators: { [R]: 1 } })
  for (const [month, size] of [['2025-01', 6], ['2025-02', 7], ['2025-03', 5]] as const) {
    cell(out, rng, { country: 'RU', mechanism: 'diffusion', month, band: 'elevated', size, indicators: { [R]: 5, [X]: size === 7 ? 5 : 0 } })
  }
  // Turkey: medium cells and a small one.
  cell(out, rng, { country: 'TR', mechanism: 'red_notice', month: '2025-01', band: 'high', size: 7, indicators: { [J]: 5 } })
  cell(out, rng, { country: 'TR', mechanism: 'red_notice', month: '2025-02', band: 'high', size: 2, indicators: { [J]: 2 } })
  cell(out, rng, { country: 'TR', mechanism: 'diffusion', month: '2025-03', band: 'critical', size: 9, indicators: { [J]: 9, [R]: 6 } })
  cell(out, rng, { country: 'TR', mechanism: 'red_notice', month: '2025-03', band: 'elevated', size: 5, indicators: { [R]: 5 } })
  // A country with 3 reports.
  cell(out, rng, { country: 'BY', mechanism: 'red_notice', month: '2025-02', band: 'critical', size: 3, indicators: { [J]: 3, [R]: 3 } })
  // A cell of 4 that would reach 5 if withdrawn, erased or unscored reports counted.
  cell(out, rng, { country: 'TR', mechanism: 'red_notice', month: '2025-04', band: 'high', size: 7, indicators: { [J]: 7 } })
  const tail = out.slice(-3)
  tail[0]!.withdrawn = true
  tail[1]!.erased = true
  tail[2]!.band = null
  tail[2]!.score = null
  return out
}

const ENDPOINTS: Record<Endpoint, { groupBy: StatisticsGrouping, keyName: string }> = {
  countries: { groupBy: 'state', keyName: 'requestingCountry' },
  indicators: { groupBy: 'indicator', keyName: 'indicatorId' },
  timeline: { groupBy: 'period', keyName: 'period' }
}

/** Rebuilds the release with a session time zone far from UTC: classes count UTC months. */
async function refreshFarFromUtc (db: Database, releaseK: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'Pacific/Kiritimati'`)
    await tx.execute(sql`select refresh_statistics(${releaseK}::integer)`)
  })
}

interface Outcome { published: PublishedSet[], compared: number }

/** Runs every combination, checks each answer against the reference, and returns the published sets. */
async function enumerate (db: Database, reference: Reference, combinations: Filters[]): Promise<Outcome> {
  const published = new Map<string, PublishedSet>()
  let compared = 0
  const jobs: Array<[Endpoint, Filters]> = []
  for (const endpoint of Object.keys(ENDPOINTS) as Endpoint[]) for (const f of combinations) jobs.push([endpoint, f])
  const run = async ([endpoint, f]: [Endpoint, Filters]) => {
    const { groupBy, keyName } = ENDPOINTS[endpoint]
    const answer = await statisticsBy(db, { groupBy, keyName, query: f, minGroupSize: K })
    const expected = reference.expected(endpoint, f)
    const label = `${endpoint}?${new URLSearchParams(f as Record<string, string>).toString()}`
    const got = new Map(answer.groups.map((g) => [(g as unknown as Record<string, string>)[keyName]!, g as StatisticsGroup]))
    expect([...got.keys()].sort(), label).toEqual([...expected.keys()].sort())
    for (const [key, { records, indicator }] of expected) {
      const group = got.get(key)!
      expect({ count: group.count, bands: group.bands, meanScore: group.meanScore }, `${label} ${key}`)
        .toEqual({ count: records.length, bands: bandCounts(records), meanScore: meanScore(records) })
      // (4) the band counts add up to the count.
      expect(BANDS.reduce((sum, band) => sum + group.bands[band], 0)).toBe(group.count)
      const members = setOf(records)
      published.set(`${indicator ?? ''}:${members.toString(36)}`, { label: `${label} ${key}`, indicator, members, size: records.length })
      compared++
    }
  }
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map(run))
  return { published: [...published.values()], compared }
}

/** Group-level suppression (drop small groups after filtering): what the release replaces. The checks must catch it. */
function naivePublished (records: StatRecord[], combinations: Filters[]): PublishedSet[] {
  const everything = new Reference(records, 1)
  const sets = new Map<string, PublishedSet>()
  for (const endpoint of Object.keys(ENDPOINTS) as Endpoint[]) {
    for (const f of combinations) {
      for (const [key, { records: group, indicator }] of everything.expected(endpoint, f)) {
        if (group.length < K) continue
        const members = setOf(group)
        sets.set(`${indicator ?? ''}:${members.toString(36)}`, { label: `${endpoint} ${JSON.stringify(f)} ${key}`, indicator, members, size: group.length })
      }
    }
  }
  return [...sets.values()]
}

function checkRelease (records: StatRecord[], reference: Reference, outcome: Outcome): void {
  const { published } = outcome
  expect(published.length).toBeGreaterThan(20)
  // (1) every published count is at least k.
  for (const set of published) expect(set.size, set.label).toBeGreaterThanOrEqual(K)
  // (2) nested published sets differ by none or at least k records.
  expect(smallDifferences(published, K)).toEqual([])
  // (3) no record of a class smaller than k (raw sizes, counted here) is in any published set of that view.
  const byIndex = new Map(records.map((r) => [r.index, r]))
  for (const set of published) {
    for (let i = 0; i < records.length; i++) {
      if ((set.members & (1n << BigInt(i))) === 0n) continue
      const r = byIndex.get(i)!
      const classKey = reference.key(r)
      expect(reference.reportClassSize.get(classKey), set.label).toBeGreaterThanOrEqual(K)
      if (set.indicator !== null) expect(reference.indicatorClassSize.get(`${set.indicator}|${classKey}`), set.label).toBeGreaterThanOrEqual(K)
    }
  }
}

describe.each([
  // Every combination on PostgreSQL; a sample on PGlite (one slow session).
  { storage: 'postgres', every: 1 },
  { storage: 'pglite', every: 10 }
] as const)('statistics suppression ($storage)', ({ storage, every }) => {
  let ctx: TestContext
  const records = dataset()
  const reference = new Reference(records, K)
  const combinations = allFilters(VALUES).filter((_, i) => i % every === 0)

  beforeAll(async () => {
    ctx = await createTestContext({ storage, queue: new RecordingQueue() })
    await insertRecords(ctx.database.db, records)
    await refreshFarFromUtc(ctx.database.db, K)
  }, 120_000)
  afterAll(async () => { await ctx?.close() })

  it('the dataset has small groups everywhere the test means to probe', () => {
    // Month × mechanism cells below k abound; the partition pools most of them and leaves Belarus's 3 out.
    const cells = new Map<string, number>()
    for (const r of reference.eligible) cells.set(`${r.country}|${r.mechanism}|${r.month}|${r.band}`, (cells.get(`${r.country}|${r.mechanism}|${r.month}|${r.band}`) ?? 0) + 1)
    expect([...cells.values()].filter((n) => n < K).length).toBeGreaterThanOrEqual(5)
    const belarus = reference.eligible.filter((r) => r.country === 'BY')
    expect(belarus.every((r) => !reference.reportPublished(r))).toBe(true)
    expect(records.filter((r) => r.country === 'BY').length).toBe(3)
    expect(records.filter((r) => r.month === '2025-04' && r.band !== null && r.withdrawn !== true && r.erased !== true).length).toBe(5)
    const rareCell = records.find((r) => r.country === 'RU' && r.month === '2025-02' && r.band === 'high')!
    expect(reference.indicatorClassSize.get(`${X}|${reference.key(rareCell)}`)).toBe(2)
    // The partition uses every period level: month, quarter and year classes, and pooled years.
    const kinds = new Set([...reference.classOf.values()].map((c) => c.periodKind))
    expect(kinds.has('month')).toBe(true)
    expect(kinds.has('quarter') || kinds.has('year')).toBe(true)
    // Without whole-class suppression, the same filters do single out fewer than k reports by difference.
    expect(smallDifferences(naivePublished(records, combinations), K).length).toBeGreaterThan(0)
  })

  it('answers nothing from a release built for another k', async () => {
    await refreshFarFromUtc(ctx.database.db, K + 1)
    try {
      const answer = await statisticsBy(ctx.database.db, { groupBy: 'state', keyName: 'requestingCountry', query: {}, minGroupSize: K })
      expect(answer).toMatchObject({ asOf: null, groups: [], withheld: [] })
    } finally {
      await refreshFarFromUtc(ctx.database.db, K)
    }
  })

  it('publishes exactly the reference release for every filter combination, and nothing in it isolates fewer than k reports', async () => {
    const outcome = await enumerate(ctx.database.db, reference, combinations)
    checkRelease(records, reference, outcome)
    // Many answers are empty (a filter on a suppressed corner); enough are not for the checks to bite.
    expect(outcome.compared).toBeGreaterThan(combinations.length / 2)
  }, 600_000)

  it('counts the report created at 23:30 UTC on 31 January in January', async () => {
    const answer = await statisticsBy(ctx.database.db, { groupBy: 'period', keyName: 'period', interval: 'month', query: { requestingCountry: 'RU', mechanism: 'red_notice', band: 'elevated' }, minGroupSize: K })
    const january = records.filter((r) => r.country === 'RU' && r.mechanism === 'red_notice' && r.band === 'elevated' && r.month === '2025-01')
    expect(answer.groups.find((g) => g.period === '2025-01')?.count).toBe(january.length)
    expect(popcount(setOf(january))).toBe(january.length)
  })
})
