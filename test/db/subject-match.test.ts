import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

/**
 * A filing's subject match must look its few blind indexes up, whatever the size of subject_indexes. With an
 * index on (subject_id, report_id) PostgreSQL preferred, for `ORDER BY subject_id LIMIT 1`, to walk that index
 * and filter every entry: invisible on a small table, a scan per filing on a real one. Counted in buffers, not
 * milliseconds: EXPLAIN's buffer counts include the statements the function runs.
 */
describe('the subject match of file_red_notice', () => {
  let ctx: TestContext
  let reporter: PartnerKey
  const ENTRIES = 50_000

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    reporter = await createPartner(ctx, (await seedAdmin(ctx)).token, 'Subject match NGO')
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice() })
    expect(res.statusCode, res.body).toBe(201)
    const reportId = res.json().id as string
    // Many entries, all sorting before any new subject, on one existing report.
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`
      insert into subject_indexes (report_id, index_value, subject_id)
      select ${reportId}::uuid, 'filler:' || n, '00000000-0000-4000-8000-000000000000'::uuid from generate_series(1, ${ENTRIES}) n`))
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`analyze subject_indexes`))
  })
  afterAll(async () => { await ctx.close() })

  it(`reads a few dozen buffers for a filing beside ${ENTRIES.toLocaleString('en-US')} index entries, not the table`, async () => {
    const id = randomUUID()
    const report = {
      id,
      partner_id: reporter.partnerId,
      subject_id: randomUUID(),
      mechanism: 'red_notice',
      requesting_country: 'RU',
      status: 'active',
      facts: chechenRedNotice().subject,
      identity: null,
      wrapped_key: null,
      profiles: [],
      charge_categories: [],
      created_at: new Date().toISOString()
    }
    const audit = { actor_partner_id: reporter.partnerId, actor_key_id: null, request_id: 'test', action: 'red_notice.created', details: {} }
    const indexes = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')]
    const plan = await withContext(ctx.database.db, { role: 'reporter', partnerId: reporter.partnerId }, async (tx) => rowsOf<{ 'QUERY PLAN': unknown }>(await tx.execute(sql`
      explain (analyze, buffers, format json) select file_red_notice('reporter', ${reporter.partnerId}::uuid, ${JSON.stringify(report)}::jsonb,
        ${sql.param(indexes)}::text[], null, ${JSON.stringify(audit)}::jsonb)`)))
    const [top] = plan[0]!['QUERY PLAN'] as Array<{ Plan: { 'Shared Hit Blocks': number, 'Shared Read Blocks': number } }>
    const buffers = top!.Plan['Shared Hit Blocks'] + top!.Plan['Shared Read Blocks']
    // Walking the subject index reads every entry: about 600 buffers here (76 without), growing with the table.
    expect(buffers).toBeLessThan(200)
  })
})
