import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { writeScores, type NewScore } from '../../src/db/queries/scores.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { seedReports } from '../../src/seed/seed.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

const contribution = (indicatorId: string, points: number) => ({ indicatorId, points, evidence: [], fact: 'test' })

/**
 * The triggers of migration 0019 keep each report's current score, band and indicators and its facet rows
 * (what the list's filters and orders read) once per statement. A batch of scores must leave every report of
 * the batch exactly as one score at a time did, and nothing else touched.
 */
describe.each(['postgres', 'pglite'] as const)('score triggers, set-based (%s)', (storage) => {
  let ctx: TestContext
  let reports: Array<{ id: string, partnerId: string, revision: number }>

  const query = async <T extends Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]> =>
    await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<T>(await tx.execute(statement)))

  /** A report's facet rows, as `kind:value@score_key`, sorted; with the row versions, to see whether they were rewritten. */
  const facetsOf = async (id: string): Promise<{ facets: string[], versions: string[] }> => {
    const rows = await query<{ facet: string, version: string }>(sql`
      select kind || ':' || value || '@' || score_key as facet, xmin::text as version from red_notice_facets where report_id = ${id}::uuid order by 1`)
    return { facets: rows.map((r) => r.facet), versions: rows.map((r) => r.version) }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ storage, queue: new RecordingQueue() })
    await seedReports(ctx.database.db, { reports: 60, seed: 7, batch: 60, connections: 1 })
    reports = await query(sql`select id, partner_id as "partnerId", revision from red_notices order by id`)
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('sets every report of a batch of scores, and its facets, as one score at a time did', async () => {
    const batch = reports.slice(0, 16)
    const untouched = reports[20]!
    const before = await facetsOf(untouched.id)
    const scores: NewScore[] = batch.map((r, i) => ({
      kind: 'red_notice',
      reportId: r.id,
      partnerId: r.partnerId,
      revision: r.revision,
      rulesetVersion: RULESET_VERSION,
      score: 1 + i,
      band: 'low',
      rawTotal: 1 + i,
      // Repeated and unsorted on purpose: the report keeps them distinct and sorted.
      contributions: [contribution(`test-b-${i}`, 1), contribution('test-a', 1), contribution(`test-b-${i}`, 1)]
    }))
    const written = await writeScores(ctx.database.db, scores)
    expect(written.written.size).toBe(16)

    const rows = await query<{ id: string, current_score: number, current_band: string, current_indicators: string[], profiles: string[], charge_categories: string[] }>(sql`
      select id, current_score, current_band, current_indicators, profiles, charge_categories from red_notices
      where id in (${sql.join(batch.map((r) => sql`${r.id}::uuid`), sql`, `)})`)
    expect(rows).toHaveLength(16)
    for (const row of rows) {
      const i = batch.findIndex((r) => r.id === row.id)
      expect(row.current_score).toBe(1 + i)
      expect(row.current_band).toBe('low')
      expect(row.current_indicators).toEqual(['test-a', `test-b-${i}`])
      const expected = [
        ...row.current_indicators.map((v) => `indicator:${v}@${1 + i}`),
        ...row.profiles.map((v) => `profile:${v}@${1 + i}`),
        ...row.charge_categories.map((v) => `charge_category:${v}@${1 + i}`)
      ].sort()
      expect((await facetsOf(row.id)).facets).toEqual(expected)
    }
    expect(await facetsOf(untouched.id)).toEqual(before)
  })

  it('leaves the facets of a report alone when an update changes none of their columns', async () => {
    const report = reports[30]!
    const before = await facetsOf(report.id)
    expect(before.facets.length).toBeGreaterThan(0)
    await query(sql`update red_notices set updated_at = now() where id = ${report.id}::uuid`)
    expect(await facetsOf(report.id)).toEqual(before)
    await query(sql`update red_notices set profiles = array['test-profile'] where id = ${report.id}::uuid`)
    const after = await facetsOf(report.id)
    expect(after.facets.filter((f) => f.startsWith('profile:'))).toEqual([expect.stringMatching(/^profile:test-profile@/)])
  })

  it('updates only the facets whose values changed (migration 0031): a kept facet with the same sort keys keeps its row', async () => {
    const r = reports[35]!
    const score = (rulesetVersion: string, points: number, indicators: string[]): NewScore => ({
      kind: 'red_notice', reportId: r.id, partnerId: r.partnerId, revision: r.revision, rulesetVersion, score: points, band: 'low', rawTotal: points, contributions: indicators.map((i) => contribution(i, 1))
    })
    await writeScores(ctx.database.db, [score('test-f1', 9, ['test-kept', 'test-lost'])])
    const first = await query<{ facet: string, version: string }>(sql`
      select kind || ':' || value as facet, xmin::text as version from red_notice_facets where report_id = ${r.id}::uuid order by 1`)
    // Same score, one indicator lost and one gained: the kept facets (profiles, charges, test-kept) stay as they were.
    await writeScores(ctx.database.db, [score('test-f2', 9, ['test-kept', 'test-new'])])
    const second = await facetsOf(r.id)
    const [row] = await query<{ profiles: string[], charge_categories: string[] }>(sql`select profiles, charge_categories from red_notices where id = ${r.id}::uuid`)
    expect(second.facets).toEqual([
      'indicator:test-kept@9', 'indicator:test-new@9',
      ...row!.profiles.map((v) => `profile:${v}@9`), ...row!.charge_categories.map((v) => `charge_category:${v}@9`)
    ].sort())
    const versions = await query<{ facet: string, version: string }>(sql`
      select kind || ':' || value as facet, xmin::text as version from red_notice_facets where report_id = ${r.id}::uuid order by 1`)
    const kept = first.filter((f) => f.facet !== 'indicator:test-lost')
    expect(versions.filter((f) => f.facet !== 'indicator:test-new')).toEqual(kept)
    // A new score moves every facet's sort key: each is updated, none lost or doubled.
    await writeScores(ctx.database.db, [score('test-f3', 42, ['test-kept', 'test-new'])])
    const third = await facetsOf(r.id)
    expect(third.facets).toEqual(second.facets.map((f) => f.replace(/@9$/, '@42')).sort())
    expect(third.versions.every((v) => !versions.some((f) => f.version === v))).toBe(true)
  })

  it('gives new scores time-ordered ids (UUIDv7 layout, migration 0031): the first 48 bits are the write\'s milliseconds', async () => {
    const r = reports[45]!
    const ids: string[] = []
    for (const version of ['test-t1', 'test-t2', 'test-t3']) {
      const before = Date.now()
      const written = await writeScores(ctx.database.db, [{
        kind: 'red_notice', reportId: r.id, partnerId: r.partnerId, revision: r.revision, rulesetVersion: version, score: 3, band: 'low', rawTotal: 3, contributions: []
      }])
      const id = [...written.written.values()][0]!
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16)
      expect(ms).toBeGreaterThanOrEqual(before - 1000)
      expect(ms).toBeLessThanOrEqual(Date.now() + 1000)
      ids.push(id)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(3)
  })

  it('takes the later scored of two current scores of one revision inserted in one statement', async () => {
    const report = reports[40]!
    await query(sql`
      insert into scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions, scored_at)
      values
        ('red_notice', ${report.id}::uuid, ${report.partnerId}::uuid, ${report.revision}, 'test-later', 77, 'high', 77, '[]'::jsonb, now()),
        ('red_notice', ${report.id}::uuid, ${report.partnerId}::uuid, ${report.revision}, 'test-earlier', 12, 'low', 12, '[]'::jsonb, now() - interval '1 minute')`)
    const [row] = await query<{ current_score: number, current_band: string }>(sql`select current_score, current_band from red_notices where id = ${report.id}::uuid`)
    expect(row).toEqual({ current_score: 77, current_band: 'high' })
  })

  it('sets the current score of assurances, and leaves red notices of the same ids alone', async () => {
    const [partner] = await query<{ id: string }>(sql`select id from partners limit 1`)
    const [assurance] = await query<{ id: string }>(sql`
      insert into assurances (partner_id, revision, giving_state, receiving_state, facts)
      values (${partner!.id}::uuid, 1, 'RU', 'FR', '{}'::jsonb) returning id`)
    await query(sql`
      insert into scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('assurance', ${assurance!.id}::uuid, ${partner!.id}::uuid, 1, ${RULESET_VERSION}, 64, 'high', 64, '[]'::jsonb),
             ('assurance', ${assurance!.id}::uuid, ${partner!.id}::uuid, 2, 'test-other-revision', 5, 'low', 5, '[]'::jsonb)`)
    const [row] = await query<{ current_score: number, current_band: string }>(sql`select current_score, current_band from assurances where id = ${assurance!.id}::uuid`)
    expect(row).toEqual({ current_score: 64, current_band: 'high' })
  })

  it('leaves a report row alone when a new current score would not change its columns (migration 0027)', async () => {
    const r = reports[40]!
    const version = async () => (await query<{ v: string }>(sql`select xmin::text as v from red_notices where id = ${r.id}::uuid`))[0]!.v
    const score = (rulesetVersion: string, points: number): NewScore => ({
      kind: 'red_notice', reportId: r.id, partnerId: r.partnerId, revision: r.revision, rulesetVersion, score: points, band: 'low', rawTotal: points, contributions: [contribution('test-same', points)]
    })
    await writeScores(ctx.database.db, [score('test-1', 7)])
    const first = await version()
    // Another ruleset's score, equal in score, band and indicators: nothing of the report changes, so its row stays.
    await writeScores(ctx.database.db, [score('test-2', 7)])
    expect(await version()).toBe(first)
    await writeScores(ctx.database.db, [score('test-3', 8)])
    expect(await version()).not.toBe(first)
    expect((await query<{ current_score: number }>(sql`select current_score from red_notices where id = ${r.id}::uuid`))[0]!.current_score).toBe(8)
  })
})

/**
 * The planner knows nothing of a transition table's values: joined with one alone, the facet rows to replace
 * were guessed at thousands and the whole table scanned for every batch (migration 0019 names the rows by an
 * array of ids). Counted as the transaction's own sequential scans (pg_stat_xact_user_tables), not in
 * milliseconds.
 */
describe('score triggers over a table of reports', () => {
  let ctx: TestContext
  const REPORTS = 5_000

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    await seedReports(ctx.database.db, { reports: REPORTS, seed: 5, batch: REPORTS, connections: 1 })
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it(`writes a batch of 16 scores without scanning the ${REPORTS.toLocaleString('en-US')} reports or their facets`, async () => {
    const scans = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      const batch = rowsOf<{ id: string, partner_id: string, revision: number }>(await tx.execute(sql`select id, partner_id, revision from red_notices order by id limit 16`))
      const scores: NewScore[] = batch.map((r, i) => ({
        kind: 'red_notice',
        reportId: r.id,
        partnerId: r.partner_id,
        revision: r.revision,
        rulesetVersion: RULESET_VERSION,
        score: 1 + i,
        band: 'low',
        rawTotal: 1 + i,
        contributions: [contribution(`test-${i}`, 1)]
      }))
      const scansNow = async () => rowsOf<{ relname: string, seq_scan: number }>(await tx.execute(sql`
        select relname, seq_scan::int from pg_stat_xact_user_tables where relname in ('red_notices', 'red_notice_facets') order by relname`))
      const before = await scansNow()
      await writeScores(tx, scores)
      const after = await scansNow()
      const [written] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from red_notice_facets where value like 'test-%'`))
      expect(written!.n).toBe(16)
      return after.map((a) => ({ table: a.relname, scans: a.seq_scan - (before.find((b) => b.relname === a.relname)?.seq_scan ?? 0) }))
    })
    expect(scans).toEqual([{ table: 'red_notice_facets', scans: 0 }, { table: 'red_notices', scans: 0 }])
  })
})
