import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { createRun, findRun, pendingRunChunks, settleRunChunk } from '../../src/db/queries/rescoring-runs.ts'
import { loadRunChunkInputs, loadScoringInputs } from '../../src/db/queries/scoring-inputs.ts'
import { writeScores, type NewScore } from '../../src/db/queries/scores.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker, type ScoringWorker } from '../../src/queue/bullmq.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import type { ScoringJob } from '../../src/queue/types.ts'
import { createBatchedScoringJobHandler, createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { enqueuePendingRunItems, reconcileOnce } from '../../src/scoring/reconciler.ts'
import { scoreRevisions } from '../../src/scoring/score-batch.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { addRedNoticeRevision, insertAssurance, insertManyRedNotices, insertPartner, insertRedNotice, redNoticeFacts } from './fixtures.ts'

const log = createLogger('silent')
const COUNTRIES = ['RU', 'TR', 'CN', 'BY', 'TJ', 'FR', 'EG', 'IR']

/** Every report's scores under the current ruleset: current rows per report and whether each report's columns carry its current one. */
async function scoreState (db: DatabaseHandle['db']) {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ reports: number, current: number, duplicated: number, stale: number }>(await tx.execute(sql`
    select
      (select count(*)::int from red_notices) as reports,
      (select count(*)::int from scores where ruleset_version = ${RULESET_VERSION} and superseded_at is null and report_kind = 'red_notice') as current,
      (select count(*)::int from (select report_id from scores where ruleset_version = ${RULESET_VERSION} and superseded_at is null
        group by report_id, revision having count(*) > 1) d) as duplicated,
      (select count(*)::int from red_notices n where not exists (select 1 from scores s where s.report_id = n.id and s.revision = n.revision
        and s.ruleset_version = ${RULESET_VERSION} and s.superseded_at is null and s.score = n.current_score)) as stale`))[0]!)
}

async function newRun (db: DatabaseHandle['db']) {
  return await withContext(db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: {}, reason: 'manual', createdByKey: null }))
}

async function runState (db: DatabaseHandle['db'], id: string) {
  return await withContext(db, SYSTEM_CONTEXT, (tx) => findRun(tx, id))
}

describe('rescoring runs in chunks (PostgreSQL, BullMQ)', () => {
  const settings = { url: inject('redisUrl'), prefix: `t${randomUUID().slice(0, 8)}` }
  let ctx: TestContext
  let queue: BullmqScoringQueue
  let partnerId: string

  beforeAll(async () => {
    queue = new BullmqScoringQueue(settings, log)
    ctx = await createTestContext({ queue })
    partnerId = await insertPartner(ctx.database.db)
  }, 60_000)
  afterAll(async () => {
    await queue.raw.obliterate({ force: true })
    await ctx.close()
  })

  it('scores a run over a few hundred reports in chunk jobs, done = total, every report at the new ruleset once', async () => {
    await insertManyRedNotices(ctx.database.db, partnerId, 330, (i) => redNoticeFacts({ requestingCountry: COUNTRIES[i % COUNTRIES.length] }))
    await insertAssurance(ctx.database.db, { partnerId })
    const run = await newRun(ctx.database.db)
    expect(run.total).toBe(331)
    const recording = new RecordingQueue()
    expect(await enqueuePendingRunItems({ db: ctx.database.db, queue: recording, log, runChunkSize: 50 }, run.id)).toBe(331)
    // 330 red notices in chunks of 50 and the one assurance: 8 jobs, none per report.
    expect(recording.jobs).toHaveLength(8)
    expect(recording.jobs.every((j) => j.runId === run.id && j.through !== undefined)).toBe(true)

    const handlers = createScoringHandlers({ db: ctx.database.db, log })
    const worker = startScoringWorker({ settings, concurrency: 8, handler: handlers.handle, batch: { handler: handlers.scoreBatch, maxSize: 16 }, log })
    try {
      await queue.enqueue(recording.jobs)
      await waitFor(async () => (await runState(ctx.database.db, run.id))?.status === 'finished', 30_000, 'run finished')
    } finally {
      await worker.close(5000)
    }
    expect(await runState(ctx.database.db, run.id)).toMatchObject({ status: 'finished', total: 331, done: 331, failed: 0, finishedAt: expect.any(Date) })
    expect(await scoreState(ctx.database.db)).toEqual({ reports: 330, current: 330, duplicated: 0, stale: 0 })
  }, 60_000)

  it('settles a chunk\'s items in place: heap-only updates, no new index entries (migration 0031)', async () => {
    await insertManyRedNotices(ctx.database.db, partnerId, 300)
    const run = await newRun(ctx.database.db)
    const chunks = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => pendingRunChunks(tx, { runId: run.id, size: 5000 }))
    const counts = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      // Since PostgreSQL 15 the xact view also holds this backend's counts not yet flushed from earlier
      // transactions (flushed at most once a second): the settle's own updates are the difference.
      const read = async (): Promise<{ updated: number, hot: number }> => rowsOf<{ updated: number, hot: number }>(await tx.execute(sql`
        select n_tup_upd::int as updated, n_tup_hot_upd::int as hot from pg_stat_xact_user_tables where relname = 'rescoring_run_items'`))[0] ?? { updated: 0, hot: 0 }
      const before = await read()
      for (const chunk of chunks) await settleRunChunk(tx, chunk, { failed: [] })
      const after = await read()
      return { updated: after.updated - before.updated, hot: after.hot - before.hot }
    })
    expect(counts.updated).toBe(run.total)
    expect(counts.hot).toBe(counts.updated)
    expect(await runState(ctx.database.db, run.id)).toMatchObject({ status: 'finished', done: run.total, failed: 0 })
  }, 60_000)

  it('counts a chunk processed twice, even at once, once', async () => {
    await insertManyRedNotices(ctx.database.db, partnerId, 40)
    await insertAssurance(ctx.database.db, { partnerId })
    const run = await newRun(ctx.database.db)
    const recording = new RecordingQueue()
    await enqueuePendingRunItems({ db: ctx.database.db, queue: recording, log, runChunkSize: 1000 }, run.id)
    expect(recording.jobs.map((j) => j.kind).sort()).toEqual(['assurance', 'red_notice'])
    const handlers = createScoringHandlers({ db: ctx.database.db, log })
    const meta = { jobId: 't', attempt: 1 }
    // Twice at once (a stalled job run again while its first worker still holds it), then once more.
    await Promise.all(recording.jobs.flatMap((job) => [handlers.handle(job, meta), handlers.handle(job, meta)]))
    for (const job of recording.jobs) await handlers.handle(job, meta)
    expect(await runState(ctx.database.db, run.id)).toMatchObject({ status: 'finished', done: run.total, failed: 0 })
    expect(await scoreState(ctx.database.db)).toMatchObject({ duplicated: 0, stale: 0 })
  }, 60_000)

  it('resumes after a crash: a chunk job failing once is retried, and chunks lost with the queue are enqueued again by the reconciler', async () => {
    await insertManyRedNotices(ctx.database.db, partnerId, 120)
    const run = await newRun(ctx.database.db)
    // The enqueued chunks vanish with Redis (flushed, or the process died before sending them).
    await enqueuePendingRunItems({ db: ctx.database.db, queue, log, runChunkSize: 100 }, run.id)
    await queue.raw.obliterate({ force: true })

    // The worker's database gives up on a lock after 300 ms: a transaction holding the run's row fails a chunk's settle.
    const workerDb = await openDatabase({ kind: 'postgres', url: ctx.testDatabase!.url, poolMax: 4, statementTimeoutMs: 300 }, log)
    const locker = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await locker.connect()
    await locker.query('begin')
    await locker.query('select 1 from rescoring_runs where id = $1 for update', [run.id])
    const handlers = createScoringHandlers({ db: workerDb.db, log })
    const failures: string[] = []
    let worker: ScoringWorker | undefined
    try {
      worker = startScoringWorker({ settings, concurrency: 4, handler: handlers.handle, batch: { handler: handlers.scoreBatch, maxSize: 16 }, log })
      worker.worker.on('failed', (job) => { if (job !== undefined) failures.push(job.id ?? '') })
      // The reconciler finds the run's pending items and enqueues their chunks again.
      const reconciled = await reconcileOnce({ db: ctx.database.db, queue, log, runChunkSize: 100 })
      expect(reconciled.runItems).toBe((await runState(ctx.database.db, run.id))!.total)
      await waitFor(() => failures.length > 0, 20_000, 'a chunk failed on the lock')
      await locker.query('rollback')
      await waitFor(async () => (await runState(ctx.database.db, run.id))?.status === 'finished', 30_000, 'run finished')
    } finally {
      await locker.end().catch(() => {})
      await worker?.close(5000)
      await workerDb.close()
    }
    const state = (await runState(ctx.database.db, run.id))!
    expect(state).toMatchObject({ status: 'finished', done: state.total, failed: 0 })
    expect(await scoreState(ctx.database.db)).toMatchObject({ duplicated: 0, stale: 0 })
  }, 60_000)

  it('loads a chunk\'s inputs as loadScoringInputs loads the same revisions: the rules give the same scores', async () => {
    const other = await insertPartner(ctx.database.db)
    const subject = randomUUID()
    const named = await insertRedNotice(ctx.database.db, { partnerId, facts: redNoticeFacts({ requestingCountry: 'TJ' }) })
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: subject, facts: redNoticeFacts({ requestingCountry: 'TR', linkedReportIds: [named.id] }) })
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: subject, facts: redNoticeFacts({ requestingCountry: 'TR', events: [{ type: 'extradition_refused', date: '2024-01-01' }] }) })
    await insertRedNotice(ctx.database.db, { partnerId: other, subjectId: subject, facts: redNoticeFacts({ requestingCountry: 'TR', status: 'withdrawn' }) })
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: subject, withdrawn: true, facts: redNoticeFacts({ requestingCountry: 'CN' }) })
    await insertRedNotice(ctx.database.db, { partnerId, facts: redNoticeFacts({ requestingCountry: 'XK' }) })
    // docs/disclosure-policy.md §3: a report of the partner's on an unconfirmed subject sharing no index with the
    // others there (another partner's report bridged it), and one sharing an index on another subject.
    const bridged = randomUUID()
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: bridged, facts: redNoticeFacts({ requestingCountry: 'KZ', events: [{ type: 'notice_deleted', date: '2020-01-01' }] }) })
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: bridged, indexes: ['index-of-bridged-alias'], facts: redNoticeFacts({ requestingCountry: 'KZ' }) })
    await insertRedNotice(ctx.database.db, { partnerId, subjectId: randomUUID(), indexes: [`index-of-${bridged}`], facts: redNoticeFacts({ requestingCountry: 'KZ', events: [{ type: 'notice_deleted', date: '2021-01-01' }] }) })
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`update red_notices set confirmed_subject_id = subject_id where subject_id = ${subject}::uuid`))
    await insertAssurance(ctx.database.db, { partnerId })
    const run = await newRun(ctx.database.db)
    const recording = new RecordingQueue()
    await enqueuePendingRunItems({ db: ctx.database.db, queue: recording, log, runChunkSize: 100_000 }, run.id)
    for (const job of recording.jobs) {
      const chunk = { runId: run.id, kind: job.kind, from: job.reportId, through: job.through! }
      const byChunk = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => loadRunChunkInputs(tx, chunk))
      const byKeys = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => loadScoringInputs(tx, byChunk.items))
      const sorted = (scores: NewScore[]) => [...scores].sort((a, b) => a.reportId.localeCompare(b.reportId))
      expect(byChunk.items.length).toBeGreaterThan(0)
      // Some reports of the red notices' chunk count linked reports: the comparison covers them.
      expect(sorted(scoreRevisions(byChunk.inputs, new Map()))).toEqual(sorted(scoreRevisions(byKeys, new Map())))
    }
    const linkedIndicators = scoreRevisions((await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => loadRunChunkInputs(tx, {
      runId: run.id, kind: 'red_notice', from: recording.jobs.find((j) => j.kind === 'red_notice')!.reportId, through: recording.jobs.find((j) => j.kind === 'red_notice')!.through!
    }))).inputs, new Map()).flatMap((s) => s.contributions.map((c) => c.indicatorId))
    expect(linkedIndicators).toContain('relatives-targeted')
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`update rescoring_runs set status = 'finished' where id = ${run.id}::uuid`))
  }, 60_000)

  it('records the score.band_raised webhook events of the bands a run raises, as any score does', async () => {
    const admin = await insertAdminKey(ctx)
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const hook = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(reporter.token), payload: { url: 'https://93.184.215.14/hook', events: ['score.band_raised'] } })
    expect(hook.statusCode, hook.body).toBe(201)
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId })
    // An earlier ruleset's low score: the run's score raises the band past the subscription's minimum (high).
    await writeScores(ctx.database.db, [{ kind: 'red_notice', reportId: report.id, partnerId: reporter.partnerId, revision: 1, rulesetVersion: '2000.1.1', score: 5, band: 'low', rawTotal: 5, contributions: [] }])
    const run = await newRun(ctx.database.db)
    const recording = new RecordingQueue()
    await enqueuePendingRunItems({ db: ctx.database.db, queue: recording, log }, run.id)
    const handlers = createScoringHandlers({ db: ctx.database.db, log })
    for (const job of recording.jobs) await handlers.handle(job, { jobId: 't', attempt: 1 })
    const events = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ new_band: string, webhook_id: string }>(await tx.execute(sql`
      select payload -> 'data' ->> 'newBand' as new_band, webhook_id from webhook_deliveries where event_type = 'score.band_raised' and payload -> 'data' ->> 'reportId' = ${report.id}`)))
    expect(events).toHaveLength(1)
    expect(events[0]!.webhook_id).toBe(hook.json().id)
    expect(['high', 'critical']).toContain(events[0]!.new_band)
  }, 60_000)

  it('does not let a run\'s score of an older revision replace the score of a revision filed during the run', async () => {
    const report = await insertRedNotice(ctx.database.db, { partnerId, facts: redNoticeFacts({ requestingCountry: 'FR', subject: {}, charges: [] }) })
    const run = await newRun(ctx.database.db)
    // Revision 2 is filed and scored while the run's item still names revision 1.
    const next = await addRedNoticeRevision(ctx.database.db, report, partnerId, redNoticeFacts())
    const handlers = createScoringHandlers({ db: ctx.database.db, log })
    const meta = { jobId: 't', attempt: 1 }
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: next.revision }, meta)
    const current = async () => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ revision: number, current_score: number }>(
      await tx.execute(sql`select revision, current_score from red_notices where id = ${report.id}::uuid`))[0]!)
    const before = await current()

    const recording = new RecordingQueue()
    await enqueuePendingRunItems({ db: ctx.database.db, queue: recording, log, runChunkSize: 5000 }, run.id)
    for (const job of recording.jobs) await handlers.handle(job, meta)
    const scores = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ revision: number, score: number }>(await tx.execute(sql`
      select revision, score from scores where report_id = ${report.id}::uuid and ruleset_version = ${RULESET_VERSION} and superseded_at is null order by revision`)))
    // The run scored revision 1 (its item), and the two revisions score differently, so an overwrite would show.
    expect(scores.map((s) => s.revision)).toEqual([1, 2])
    expect(scores[0]!.score).not.toBe(scores[1]!.score)
    expect(await current()).toEqual({ revision: 2, current_score: scores[1]!.score })
    expect(before).toEqual({ revision: 2, current_score: scores[1]!.score })
    expect(await runState(ctx.database.db, run.id)).toMatchObject({ status: 'finished' })
  }, 60_000)
})

describe('rescoring runs in chunks (PGlite, in-process queue)', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({
      storage: 'pglite',
      queue: (database, log) => new InProcessQueue({ handler: createBatchedScoringJobHandler({ db: database.db, log }, { maxSize: 16 }), concurrency: 4, log })
    })
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  it('runs every chunk of a run to the end', async () => {
    const partnerId = await insertPartner(ctx.database.db)
    await insertManyRedNotices(ctx.database.db, partnerId, 120, (i) => redNoticeFacts({ requestingCountry: COUNTRIES[i % COUNTRIES.length] }))
    const run = await newRun(ctx.database.db)
    expect(await enqueuePendingRunItems({ db: ctx.database.db, queue: ctx.queue, log, runChunkSize: 50 }, run.id)).toBe(120)
    await (ctx.queue as InProcessQueue<ScoringJob>).drain()
    expect(await runState(ctx.database.db, run.id)).toMatchObject({ status: 'finished', total: 120, done: 120, failed: 0 })
    expect(await scoreState(ctx.database.db)).toEqual({ reports: 120, current: 120, duplicated: 0, stale: 0 })
  }, 60_000)
})
