import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { unscoredReports } from '../../src/db/queries/reconcile.ts'
import { createRun } from '../../src/db/queries/rescoring-runs.ts'
import { recordFailures } from '../../src/db/queries/scoring-failures.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import type { ScoringJob } from '../../src/queue/types.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { reconcileOnce, startReconcileTimer } from '../../src/scoring/reconciler.ts'
import { RecordingQueue } from '../helpers/app.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { waitFor } from '../helpers/process.ts'
import { addRedNoticeRevision, insertAssurance, insertPartner, insertRedNotice, redNoticeFacts, scoreRows } from './fixtures.ts'

const log = createLogger('silent')
const meta = { jobId: 't', attempt: 1 }

class RetryRecordingQueue extends RecordingQueue {
  readonly retried: ScoringJob[] = []
  async retryFailed (jobs: ScoringJob[]): Promise<number> {
    this.retried.push(...jobs)
    return jobs.length
  }
}

describe('reconciler', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let partnerId: string
  let handlers: ReturnType<typeof createScoringHandlers>

  // The first test counts exact jobs; later ones only look for their own reports in what is enqueued.
  beforeAll(async () => {
    testDb = await createTestDatabase()
    database = await openTestDatabase(testDb.url)
    partnerId = await insertPartner(database.db)
    handlers = createScoringHandlers({ db: database.db, log })
  })
  afterAll(async () => {
    await database.close()
    await testDb.drop()
  })

  it('enqueues every unscored current revision, of both kinds, in pages, and skips scored ones', async () => {
    const scored = await insertRedNotice(database.db, { partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: scored.id, revision: 1 }, meta)
    const unscored = await Promise.all(Array.from({ length: 5 }, async () => await insertRedNotice(database.db, { partnerId })))
    const assurance = await insertAssurance(database.db, { partnerId })
    // A scored report with a newer revision needs its new revision scored.
    const revised = await addRedNoticeRevision(database.db, scored, partnerId, redNoticeFacts({ requestingCountry: 'FR' }))

    const queue = new RecordingQueue()
    const result = await reconcileOnce({ db: database.db, queue, log, pageSize: 2 })
    const expected: ScoringJob[] = [
      ...unscored.map((r) => ({ kind: 'red_notice' as const, reportId: r.id, revision: 1 })),
      { kind: 'red_notice', reportId: revised.id, revision: 2 },
      { kind: 'assurance', reportId: assurance.id, revision: 1 }
    ]
    expect(queue.jobs).toHaveLength(expected.length)
    expect(queue.jobs).toEqual(expect.arrayContaining(expected))
    expect(result.enqueued).toBe(expected.length)

    // Once all are scored there is nothing left to do.
    await handlers.scoreBatch(queue.jobs.map((job) => ({ job, meta })))
    const again = new RecordingQueue()
    expect(await reconcileOnce({ db: database.db, queue: again, log })).toEqual({ enqueued: 0, retried: 0, runItems: 0 })
  })

  it('treats a score under another ruleset version as missing (a new RULESET_VERSION rescores everything)', async () => {
    const report = await insertRedNotice(database.db, { partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const page = (version: string) => withContext(database.db, SYSTEM_CONTEXT, (tx) => unscoredReports(tx, { kind: 'red_notice', rulesetVersion: version, limit: 10_000 }))
    expect((await page(RULESET_VERSION)).map((r) => r.reportId)).not.toContain(report.id)
    expect((await page('2099.1.1')).map((r) => r.reportId)).toContain(report.id)
  })

  it('skips permanent failures and asks the queue to retry the failed jobs of every other unscored report', async () => {
    const permanent = await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ charges: 42 }) })
    await handlers.handle({ kind: 'red_notice', reportId: permanent.id, revision: 1 }, meta).catch(() => {})
    const exhausted = await insertRedNotice(database.db, { partnerId })
    await withContext(database.db, SYSTEM_CONTEXT, (tx) => recordFailures(tx, [{
      kind: 'red_notice', reportId: exhausted.id, revision: 1, rulesetVersion: RULESET_VERSION, attempts: 8, final: true, permanent: false, reason: 'transient_error'
    }]))
    // No failure recorded: a job BullMQ failed as "stalled more than allowable limit" never reached the processor.
    const stalled = await insertRedNotice(database.db, { partnerId })
    const queue = new RetryRecordingQueue()
    await reconcileOnce({ db: database.db, queue, log })
    const ids = queue.jobs.map((j) => j.reportId)
    expect(ids).not.toContain(permanent.id)
    expect(ids).toContain(exhausted.id)
    expect(queue.retried).toContainEqual({ kind: 'red_notice', reportId: exhausted.id, revision: 1 })
    expect(queue.retried).toContainEqual({ kind: 'red_notice', reportId: stalled.id, revision: 1 })
    expect(queue.retried.map((j) => j.reportId)).not.toContain(permanent.id)
    await handlers.scoreBatch([exhausted, stalled].map((r) => ({ job: { kind: 'red_notice', reportId: r.id, revision: 1 }, meta })))
  })

  it('re-enqueues the pending items of unfinished rescoring runs, as chunk jobs with their run id', async () => {
    const report = await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ requestingCountry: 'BY' }) })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const run = await withContext(database.db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: { requestingCountry: 'BY' }, reason: 'manual', createdByKey: null }))
    const queue = new RecordingQueue()
    const result = await reconcileOnce({ db: database.db, queue, log })
    expect(result.runItems).toBe(1)
    expect(queue.jobs).toContainEqual({ kind: 'red_notice', reportId: report.id, revision: 0, runId: run.id, through: report.id })
  })

  it('leaves an unscored report pending in a running run to the run\'s chunk job, and enqueues it alone once the run is over', async () => {
    const report = await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ requestingCountry: 'KG' }) })
    const run = await withContext(database.db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: { requestingCountry: 'KG' }, reason: 'manual', createdByKey: null }))
    const during = new RecordingQueue()
    await reconcileOnce({ db: database.db, queue: during, log })
    expect(during.jobs).toContainEqual({ kind: 'red_notice', reportId: report.id, revision: 0, runId: run.id, through: report.id })
    expect(during.jobs.filter((j) => j.reportId === report.id && j.runId === undefined)).toEqual([])
    // A run that ended without scoring it (its item failed): the report is the reconciler's again.
    await withContext(database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`update rescoring_run_items set state = 'failed' where run_id = ${run.id}::uuid`))
    const after = new RecordingQueue()
    await reconcileOnce({ db: database.db, queue: after, log })
    expect(after.jobs).toContainEqual({ kind: 'red_notice', reportId: report.id, revision: 1 })
  })

  it('embedded mode: the timer scores a report stored without a job, with no manual step', async () => {
    const queue = new InProcessQueue({ handler: handlers.handle, concurrency: 2, log })
    const timer = startReconcileTimer({ db: database.db, queue, log, intervalMs: 200 })
    try {
      const report = await insertRedNotice(database.db, { partnerId, id: randomUUID() })
      await waitFor(async () => (await scoreRows(database.db, report.id)).length === 1, 5000, 'reconciled score')
    } finally {
      await timer.stop()
      await queue.close()
    }
  })
})
