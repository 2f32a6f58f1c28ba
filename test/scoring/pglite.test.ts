import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createBatchedScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { startReconcileTimer } from '../../src/scoring/reconciler.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { insertRedNotice, redNoticeFacts } from './fixtures.ts'

// Embedded mode runs the same SQL on PGlite: scoring, linked reports (the links trigger), runs and reads.
describe('scoring on PGlite (embedded mode)', () => {
  let ctx: TestContext
  let admin: string
  let reporter: { partnerId: string, token: string }

  beforeAll(async () => {
    ctx = await createTestContext({
      storage: 'pglite',
      queue: (database, log) => new InProcessQueue({ handler: createBatchedScoringJobHandler({ db: database.db, log }, { maxSize: 16 }), concurrency: 4, log })
    })
    admin = await insertAdminKey(ctx)
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('reconciles, scores with linked reports, rescores after a country change and serves the results', async () => {
    const relative = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId })
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'AZ', linkedReportIds: [relative.id] }) })
    const timer = startReconcileTimer({ db: ctx.database.db, queue: ctx.queue, log: createLogger('silent'), intervalMs: 100 })
    try {
      const score = async () => await ctx.app.inject({ method: 'GET', url: `/v1/red-notices/${report.id}/score`, headers: bearer(reporter.token) })
      await waitFor(async () => (await score()).statusCode === 200, 10_000, 'scored')
      const body = (await score()).json()
      expect(body.rulesetVersion).toBe(RULESET_VERSION)
      expect(body.contributions.map((c: { indicatorId: string }) => c.indicatorId)).toContain('relatives-targeted')
      // The relative's report is linked the other way round.
      const other = (await ctx.app.inject({ method: 'GET', url: `/v1/red-notices/${relative.id}/score`, headers: bearer(reporter.token) })).json()
      expect(other.contributions.map((c: { indicatorId: string }) => c.indicatorId)).toContain('relatives-targeted')

      const az = (await ctx.app.inject({ method: 'GET', url: '/v1/countries/AZ', headers: bearer(admin) })).json()
      const { code: _c, updatedAt: _u, ...input } = az
      const put = await ctx.app.inject({ method: 'PUT', url: '/v1/countries/AZ', headers: bearer(admin), payload: { ...input, systematicTorture: true } })
      const runId = put.json().rescoringRunId as string
      await waitFor(async () => (await ctx.app.inject({ method: 'GET', url: `/v1/rescoring-runs/${runId}`, headers: bearer(admin) })).json().status === 'finished', 10_000, 'run finished')
      const history = (await ctx.app.inject({ method: 'GET', url: `/v1/red-notices/${report.id}/scores`, headers: bearer(reporter.token) })).json().items
      expect(history).toHaveLength(2)
      expect(history[0].changes.indicatorsAdded).toContain('systematic-torture')
    } finally {
      await timer.stop()
    }
  }, 60_000)
  it('scores the jobs its queue runs side by side together, in fewer transactions than reports', async () => {
    const reports = await Promise.all(Array.from({ length: 12 }, async () => await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId })))
    await ctx.queue.enqueue(reports.map((r) => ({ kind: 'red_notice' as const, reportId: r.id, revision: r.revision })))
    const ids = reports.map((r) => r.id)
    const transactions = async () => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ scored: number, transactions: number }>(await tx.execute(sql`
      select count(*)::int as scored, count(distinct xmin::text)::int as transactions from scores where report_id = any(${sql.param(ids)}::uuid[])`)))
    await waitFor(async () => (await transactions())[0]!.scored === 12, 10_000, 'all twelve scored')
    const [written] = await transactions()
    // Four slots: the first job leaves alone, the ones behind it gather while it is scored.
    expect(written!.transactions).toBeLessThan(12)
  }, 60_000)
})
