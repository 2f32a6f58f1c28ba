import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { seedReports } from '../../src/seed/seed.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

/**
 * scoring_inputs (migration 0016) reads a batch's revisions and the reports linked to them by subject or by
 * id. The planner cannot count the elements of a jsonb array, and with `IN (subquery)` it chose to scan every
 * report (1 s a batch at 1M reports). Counted in buffers, not milliseconds: EXPLAIN's counts include the
 * statements the function runs.
 */
describe('scoring_inputs over a table of reports', () => {
  let ctx: TestContext
  const REPORTS = 5_000

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    await seedReports(ctx.database.db, { reports: REPORTS, seed: 3, batch: REPORTS, connections: 1 })
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`analyze red_notices`))
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it(`reads a batch of 8 by index, not the ${REPORTS.toLocaleString('en-US')} reports`, async () => {
    const buffers = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      const keys = rowsOf<{ keys: unknown }>(await tx.execute(sql`select jsonb_agg(jsonb_build_object('kind', 'red_notice', 'report_id', id, 'revision', revision)) as keys
        from (select id, revision from red_notices order by created_at desc limit 8) batch`))[0]!.keys
      // Once first, so that the count below holds the statements' own reads, not the catalog's for planning them.
      await tx.execute(sql`select scoring_inputs(${JSON.stringify(keys)}::jsonb)`)
      const plan = rowsOf<{ 'QUERY PLAN': unknown }>(await tx.execute(sql`explain (analyze, buffers, format json) select scoring_inputs(${JSON.stringify(keys)}::jsonb)`))
      const [top] = plan[0]!['QUERY PLAN'] as Array<{ Plan: { 'Shared Hit Blocks': number, 'Shared Read Blocks': number } }>
      return top!.Plan['Shared Hit Blocks'] + top!.Plan['Shared Read Blocks']
    })
    // By index: about 100 buffers here; the scan of every report read about 800.
    expect(buffers).toBeLessThan(300)
  })
})
