import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { writeScores, type NewScore } from '../../src/db/queries/scores.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { seedReports } from '../../src/seed/seed.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

/** A uuid or an array of plain labels as an SQL literal (the test's own values only). */
const literal = (value: unknown): string => Array.isArray(value) ? `array[${value.map((v) => `'${String(v)}'`).join(',')}]::text[]` : `'${String(value)}'`

const contribution = (indicatorId: string, points: number) => ({ indicatorId, points, evidence: [], fact: 'test' })

/**
 * The triggers on scores keep each report's current score, band and indicators, and the report's triggers its
 * search row (what the list's filters and orders read), once per statement. A batch of scores must leave every report of
 * the batch exactly as one score at a time did, and nothing else touched.
 */
describe.each(['postgres', 'pglite'] as const)('score triggers, set-based (%s)', (storage) => {
  let ctx: TestContext
  let reports: Array<{ id: string, partnerId: string, revision: number }>

  const query = async <T extends Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]> =>
    await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<T>(await tx.execute(statement)))

  /**
   * A report's search row (0025): its sort key, whether its terms are the report's own (red_notice_search_terms of
   * its columns), which of `labels` it holds as terms, and its row version, to see whether it was rewritten.
   */
  const searchOf = async (id: string, labels: string[] = []): Promise<{ scoreKey: number, exact: boolean, holds: string[], version: string }> => {
    const [row] = await ownerRows<{ score_key: number, exact: boolean, holds: string[], version: string }>(`
      select s.score_key, s.terms @> t.terms and s.terms <@ t.terms as exact, s.xmin::text as version,
        array(select l from unnest($2::text[]) l where red_notice_search_term(l) = any (s.terms) order by l) as holds
      from red_notice_search s join red_notices r on r.id = s.report_id
      cross join lateral (select red_notice_search_terms(r.current_indicators, r.profiles, r.charge_categories, r.requesting_country, r.mechanism, r.status, r.current_band) as terms) t
      where s.report_id = $1::uuid`, [id, labels])
    return { scoreKey: row!.score_key, exact: row!.exact, holds: row!.holds, version: row!.version }
  }
  /** As the database's owner: only the search functions, not the application's role, read the search table. */
  const ownerRows = async <T extends object>(text: string, values: unknown[]): Promise<T[]> => {
    if (storage === 'pglite') {
      // The embedded session is the owner's, with the application's role set on it: set aside for this transaction.
      return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
        await tx.execute(sql`set local role none`)
        return rowsOf<T & Record<string, unknown>>(await tx.execute(sql.raw(text.replace(/\$(\d)/g, (_, n: string) => literal(values[Number(n) - 1])))))
      })
    }
    const owner = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await owner.connect()
    try { return (await owner.query(text, values)).rows as T[] } finally { await owner.end() }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ storage, queue: new RecordingQueue() })
    await seedReports(ctx.database.db, { reports: 60, seed: 7, batch: 60, connections: 1 })
    reports = await query(sql`select id, partner_id as "partnerId", revision from red_notices order by id`)
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('sets every report of a batch of scores, and its search row, as one score at a time did', async () => {
    const batch = reports.slice(0, 16)
    const untouched = reports[20]!
    const before = await searchOf(untouched.id)
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
      const search = await searchOf(row.id, ['indicator:test-a', `indicator:test-b-${i}`, 'band:low'])
      expect(search).toMatchObject({ scoreKey: 1 + i, exact: true, holds: ['band:low', 'indicator:test-a', `indicator:test-b-${i}`] })
    }
    expect(await searchOf(untouched.id)).toEqual(before)
  })

  it('leaves the search row of a report alone when an update changes none of its columns', async () => {
    const report = reports[30]!
    const before = await searchOf(report.id)
    expect(before.exact).toBe(true)
    await query(sql`update red_notices set updated_at = now() where id = ${report.id}::uuid`)
    expect(await searchOf(report.id)).toEqual(before)
    await query(sql`update red_notices set profiles = array['test-profile'] where id = ${report.id}::uuid`)
    const after = await searchOf(report.id, ['profile:test-profile'])
    expect(after).toMatchObject({ exact: true, holds: ['profile:test-profile'] })
    expect(after.version).not.toBe(before.version)
  })

  it('rewrites a search row only when the score changes its values: an equal score under another ruleset leaves it as it was', async () => {
    const r = reports[35]!
    const score = (rulesetVersion: string, points: number, indicators: string[]): NewScore => ({
      kind: 'red_notice', reportId: r.id, partnerId: r.partnerId, revision: r.revision, rulesetVersion, score: points, band: 'low', rawTotal: points, contributions: indicators.map((i) => contribution(i, 1))
    })
    await writeScores(ctx.database.db, [score('test-f1', 9, ['test-kept', 'test-lost'])])
    const first = await searchOf(r.id, ['indicator:test-kept', 'indicator:test-lost', 'indicator:test-new'])
    expect(first).toMatchObject({ scoreKey: 9, exact: true, holds: ['indicator:test-kept', 'indicator:test-lost'] })
    await writeScores(ctx.database.db, [score('test-f2', 9, ['test-kept', 'test-lost'])])
    expect(await searchOf(r.id, ['indicator:test-kept', 'indicator:test-lost', 'indicator:test-new'])).toEqual(first)
    // Same score, one indicator lost and one gained; then a new score: the row follows each.
    await writeScores(ctx.database.db, [score('test-f3', 9, ['test-kept', 'test-new'])])
    expect(await searchOf(r.id, ['indicator:test-kept', 'indicator:test-lost', 'indicator:test-new'])).toMatchObject({ scoreKey: 9, exact: true, holds: ['indicator:test-kept', 'indicator:test-new'] })
    await writeScores(ctx.database.db, [score('test-f4', 42, ['test-kept', 'test-new'])])
    expect(await searchOf(r.id)).toMatchObject({ scoreKey: 42, exact: true })
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
 * The planner knows nothing of a transition table's values: joined with one alone, the rows to replace
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

  it(`writes a batch of 16 scores without scanning the ${REPORTS.toLocaleString('en-US')} reports or their search rows`, async () => {
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
        select relname, seq_scan::int from pg_stat_xact_user_tables where relname in ('red_notices', 'red_notice_search') order by relname`))
      const before = await scansNow()
      await writeScores(tx, scores)
      const after = await scansNow()
      const [written] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from red_notices r
        where r.id in (${sql.join(batch.map((r) => sql`${r.id}::uuid`), sql`, `)}) and r.current_score between 1 and 16`))
      expect(written!.n).toBe(16)
      return after.map((a) => ({ table: a.relname, scans: a.seq_scan - (before.find((b) => b.relname === a.relname)?.seq_scan ?? 0) }))
    })
    expect(scans).toEqual([{ table: 'red_notice_search', scans: 0 }, { table: 'red_notices', scans: 0 }])
  })
})
