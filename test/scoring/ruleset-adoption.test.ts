import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { ANALYZE_AFTER_ITEMS, createRun } from '../../src/db/queries/rescoring-runs.ts'
import { loadScoringInputs } from '../../src/db/queries/scoring-inputs.ts'
import { writeScores } from '../../src/db/queries/scores.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { reconcileOnce } from '../../src/scoring/reconciler.ts'
import { startAdoptionRunIfNeeded } from '../../src/scoring/ruleset-adoption.ts'
import { scoreRevisions } from '../../src/scoring/score-batch.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { bearer, insertAdminKey } from './api.ts'
import { insertManyRedNotices, insertPartner, redNoticeFacts } from './fixtures.ts'

const log = createLogger('silent')
const OLD_VERSION = '2000.1.1'

async function runs (ctx: TestContext) {
  return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ id: string, ruleset_version: string, reason: string, total: number }>(
    await tx.execute(sql`select id, ruleset_version, reason, total from rescoring_runs order by created_at`)))
}

describe('adopting a new ruleset starts one tracked run over every report (PostgreSQL)', () => {
  let ctx: TestContext
  let ids: string[]

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const partnerId = await insertPartner(ctx.database.db)
    ids = await insertManyRedNotices(ctx.database.db, partnerId, 40, () => redNoticeFacts())
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('does nothing while no report carries a score under another ruleset', async () => {
    const other = await openTestDatabase(ctx.testDatabase!.url)
    try {
      expect(await startAdoptionRunIfNeeded(other.db, log)).toBeNull()
    } finally {
      await other.close()
    }
    expect(await runs(ctx)).toEqual([])
  })

  it('on the first reconciler pass after scores under an older ruleset exist: one run of every report, audited, enqueued as chunks', async () => {
    // The reports were scored by an older build: current scores under another version.
    const inputs = await loadScoringInputs(ctx.database.db, ids.map((id) => ({ kind: 'red_notice' as const, reportId: id, revision: 1 })))
    await writeScores(ctx.database.db, scoreRevisions(inputs, new Map()).map((s) => ({ ...s, rulesetVersion: OLD_VERSION })))

    const queue = new RecordingQueue()
    const result = await reconcileOnce({ db: ctx.database.db, queue, log })
    const [run, ...more] = await runs(ctx)
    expect(more).toEqual([])
    expect(run).toMatchObject({ ruleset_version: RULESET_VERSION, reason: 'ruleset.adopted', total: 40 })
    // Its chunks score the reports, not one job per report.
    expect(result).toMatchObject({ enqueued: 0, runItems: 40 })
    expect(queue.jobs.length).toBeGreaterThan(0)
    expect(queue.jobs.every((j) => j.runId === run!.id)).toBe(true)

    const audit = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ target_id: string, details: Record<string, unknown> }>(
      await tx.execute(sql`select target_id, details from audit_events where action = 'rescoring_run.created'`)))
    expect(audit).toEqual([{ target_id: run!.id, details: { reason: 'ruleset.adopted', total: 40, rulesetVersion: RULESET_VERSION } }])

    // An admin finds it in the list of runs.
    const admin = await insertAdminKey(ctx)
    const res = await ctx.app.inject({ url: '/v1/rescoring-runs?status=running', headers: bearer(admin) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items).toEqual([expect.objectContaining({ id: run!.id, reason: 'ruleset.adopted', total: 40, status: 'running' })])
  })

  it('never starts a second run for the same ruleset, also from other replicas checking at once', async () => {
    const replicas = await Promise.all([0, 1, 2].map(async () => await openTestDatabase(ctx.testDatabase!.url)))
    try {
      const created = await Promise.all(replicas.map(async (r) => await startAdoptionRunIfNeeded(r.db, log)))
      expect(created).toEqual([null, null, null])
    } finally {
      await Promise.all(replicas.map(async (r) => { await r.close() }))
    }
    expect(await runs(ctx)).toHaveLength(1)
  })

  it('starts exactly one run when several replicas adopt a version at once', async () => {
    const replicas = await Promise.all([0, 1, 2].map(async () => await openTestDatabase(ctx.testDatabase!.url)))
    try {
      const created = await Promise.all(replicas.map(async (r) => await startAdoptionRunIfNeeded(r.db, log, '2099.1.1')))
      expect(created.filter((c) => c !== null)).toHaveLength(1)
    } finally {
      await Promise.all(replicas.map(async (r) => { await r.close() }))
    }
    expect((await runs(ctx)).filter((r) => r.ruleset_version === '2099.1.1')).toHaveLength(1)
  })
})

describe('a large run analyzes its items although the service may not ANALYZE (PostgreSQL)', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('leaves fresh statistics on rescoring_run_items after creating 10,000 items as the application role', async () => {
    const partnerId = await insertPartner(ctx.database.db)
    await insertManyRedNotices(ctx.database.db, partnerId, ANALYZE_AFTER_ITEMS, () => redNoticeFacts())
    const role = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ role: string }>(await tx.execute(sql`select current_user as role`)))
    expect(role[0]?.role).toBe('rnm_app')
    const run = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: {}, reason: 'manual', createdByKey: null }))
    expect(run.total).toBe(ANALYZE_AFTER_ITEMS)
    const [stats] = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ tuples: number }>(
      await tx.execute(sql`select reltuples::int as tuples from pg_class where relname = 'rescoring_run_items'`)))
    expect(stats?.tuples).toBe(ANALYZE_AFTER_ITEMS)
  }, 120_000)
})
