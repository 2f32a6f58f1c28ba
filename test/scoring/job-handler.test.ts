import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { RULESET_VERSION } from '../../src/domain/index.ts'
import { createLogger } from '../../src/logger.ts'
import { MAX_ATTEMPTS, PermanentJobError } from '../../src/queue/types.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { ScoringFailedError } from '../../src/scoring/score-batch.ts'
import { LogCapture } from '../helpers/app.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { addRedNoticeRevision, insertAssurance, insertPartner, insertRedNotice, redNoticeFacts, scoreRows } from './fixtures.ts'

const meta = { jobId: 'test', attempt: 1 }

describe('scoring job handler', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let partnerId: string
  const logs = new LogCapture()
  let handlers: ReturnType<typeof createScoringHandlers>

  beforeAll(async () => {
    testDb = await createTestDatabase()
    database = await openTestDatabase(testDb.url)
    partnerId = await insertPartner(database.db)
    handlers = createScoringHandlers({ db: database.db, log: createLogger('debug', logs) })
  })
  afterAll(async () => {
    await database.close()
    await testDb.drop()
  })

  const failures = async (reportId: string) => await withContext(database.db, SYSTEM_CONTEXT, async (tx) =>
    (await tx.execute(sql`select final, permanent, attempts, reason from scoring_failures where report_id = ${reportId}`) as unknown as { rows: unknown[] }).rows)

  it('scores a red notice under the current ruleset, with the requesting state from the countries table', async () => {
    const report = await insertRedNotice(database.db, { partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const [row, ...rest] = await scoreRows(database.db, report.id)
    expect(rest).toEqual([])
    expect(row).toMatchObject({ report_kind: 'red_notice', revision: 1, ruleset_version: RULESET_VERSION, superseded_at: null })
    expect(row!.score).toBeGreaterThan(25)
    const evidence = row!.contributions.flatMap((c) => c.evidence)
    expect(evidence.some((e) => e.startsWith('countries/RU/'))).toBe(true)
  })

  it('is idempotent: the same job twice writes one row', async () => {
    const report = await insertRedNotice(database.db, { partnerId })
    const job = { kind: 'red_notice' as const, reportId: report.id, revision: 1 }
    await handlers.handle(job, meta)
    await handlers.handle(job, meta)
    expect(await scoreRows(database.db, report.id)).toHaveLength(1)
  })

  it('is idempotent under concurrency: two handlers (two pools) on the same job write one row', async () => {
    const other = await openTestDatabase(testDb.url)
    try {
      const second = createScoringHandlers({ db: other.db, log: createLogger('silent') })
      const reports = await Promise.all(Array.from({ length: 20 }, async () => await insertRedNotice(database.db, { partnerId })))
      await Promise.all(reports.flatMap((r) => {
        const job = { kind: 'red_notice' as const, reportId: r.id, revision: 1 }
        return [handlers.handle(job, meta), second.handle(job, meta), handlers.scoreBatch([{ job, meta }])]
      }))
      for (const r of reports) expect(await scoreRows(database.db, r.id)).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('scores the job\'s revision, not only the current one', async () => {
    const first = await insertRedNotice(database.db, { partnerId })
    const second = await addRedNoticeRevision(database.db, first, partnerId, redNoticeFacts({ requestingCountry: 'FR', charges: [] }))
    await handlers.scoreBatch([
      { job: { kind: 'red_notice', reportId: first.id, revision: 1 }, meta },
      { job: { kind: 'red_notice', reportId: first.id, revision: 2 }, meta }
    ])
    const rows = await scoreRows(database.db, first.id)
    expect(rows.map((r) => r.revision).sort()).toEqual([1, second.revision])
    expect(rows.find((r) => r.revision === 1)!.score).toBeGreaterThan(rows.find((r) => r.revision === 2)!.score)
  })

  it('scores an assurance against the giving state', async () => {
    const assurance = await insertAssurance(database.db, { partnerId })
    await handlers.handle({ kind: 'assurance', reportId: assurance.id, revision: 1 }, meta)
    const [row] = await scoreRows(database.db, assurance.id)
    expect(row).toMatchObject({ report_kind: 'assurance', revision: 1 })
    expect(row!.contributions.flatMap((c) => c.evidence).some((e) => e.startsWith('countries/RU/'))).toBe(true)
  })

  it('counts linked reports: same subject and linkedReportIds in both directions', async () => {
    const subjectId = randomUUID()
    await insertRedNotice(database.db, {
      partnerId, subjectId, facts: redNoticeFacts({ events: [{ type: 'notice_deleted', date: '2020-01-01', grounds: 'political' }] })
    })
    const target = await insertRedNotice(database.db, { partnerId, subjectId, facts: redNoticeFacts({ requestingCountry: 'TR' }) })
    // A relative's report that names the target (reverse direction only).
    await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ linkedReportIds: [target.id] }) })
    await handlers.handle({ kind: 'red_notice', reportId: target.id, revision: 1 }, meta)
    const [row] = await scoreRows(database.db, target.id)
    const ids = row!.contributions.map((c) => c.indicatorId)
    expect(ids).toContain('prior-notice-deletion')
    expect(ids).toContain('relatives-targeted')
  })

  it('fails a job whose report does not exist with a PermanentJobError, and the rest of its batch succeeds', async () => {
    const report = await insertRedNotice(database.db, { partnerId })
    const missing = randomUUID()
    await expect(handlers.handle({ kind: 'red_notice', reportId: missing, revision: 1 }, meta)).rejects.toBeInstanceOf(PermanentJobError)
    const outcomes = await handlers.scoreBatch([
      { job: { kind: 'red_notice', reportId: missing, revision: 1 }, meta },
      { job: { kind: 'red_notice', reportId: report.id, revision: 1 }, meta }
    ])
    expect(outcomes.map((o) => o.ok)).toEqual([false, true])
    expect(await scoreRows(database.db, report.id)).toHaveLength(1)
  })

  it('records a database failure per revision (final on the last attempt) with a safe error, and clears it on success', async () => {
    const report = await insertRedNotice(database.db, { partnerId })
    const job = { kind: 'red_notice' as const, reportId: report.id, revision: 1 }
    // Another session holds the scores table: the insert fails on lock_timeout, as under a stuck migration.
    const locker = new pg.Client({ connectionString: testDb.url })
    await locker.connect()
    await locker.query('begin; lock table scores in access exclusive mode')
    const error = await handlers.handle(job, { jobId: 'x', attempt: MAX_ATTEMPTS }).catch((e: unknown) => e)
    await locker.query('rollback')
    await locker.end()
    expect(error).toBeInstanceOf(ScoringFailedError)
    expect((error as ScoringFailedError).code).toBe('55P03')
    expect(await failures(report.id)).toEqual([{ final: true, permanent: false, attempts: MAX_ATTEMPTS, reason: 'transient_error' }])
    await handlers.handle(job, meta)
    expect(await failures(report.id)).toEqual([])
  })

  it('records a report the rules cannot score as a permanent failure', async () => {
    const report = await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ charges: 42 }) })
    await expect(handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)).rejects.toBeInstanceOf(PermanentJobError)
    expect(await failures(report.id)).toEqual([{ final: true, permanent: true, attempts: 1, reason: 'rules_error' }])
  })

  it('never writes identities or facts to the logs', async () => {
    const report = await insertRedNotice(database.db, { partnerId, facts: redNoticeFacts({ subject: { ethnicity: 'CANARY-ethnicity' } }) })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    await handlers.handle({ kind: 'red_notice', reportId: randomUUID(), revision: 1 }, meta).catch(() => {})
    expect(logs.text()).not.toContain('CANARY')
  })
})
