import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import type { Filing, FilingResult, RedNoticeRow } from '../../src/db/queries/red-notices.ts'
import { errorCode, rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { fileRedNotice } from '../../src/intake/filing-desk.ts'
import { createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

/**
 * The filing desk gathers the filings submitted while others are in the database into one statement and
 * transaction (src/intake/filing-desk.ts, migration 0017). The filings submitted in one turn of the event
 * loop leave together, so these tests know which share a batch.
 */
describe('filing reports in batches', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Batch NGO A')
    b = await createPartner(ctx, admin.token, 'Batch NGO B')
  })
  afterAll(async () => { await ctx.close() })

  const index = (): string => randomBytes(16).toString('hex')

  function filing (by: PartnerKey, options: { indexes?: string[], idempotencyKey?: string, partnerId?: string } = {}): Filing {
    const now = new Date()
    const partnerId = options.partnerId ?? by.partnerId
    const report = {
      id: randomUUID(),
      partnerId,
      subjectId: randomUUID(),
      revision: 1,
      mechanism: 'red_notice',
      requestingCountry: 'RU',
      status: 'active',
      facts: { mechanism: 'red_notice', requestingCountry: 'RU', subject: { profiles: ['journalist'] }, charges: [{ category: 'speech' }] },
      identity: null,
      wrappedKey: null,
      profiles: ['journalist'],
      chargeCategories: ['speech'],
      currentScore: null,
      currentBand: null,
      currentIndicators: [],
      createdAt: now,
      updatedAt: now,
      withdrawnAt: null,
      erasedAt: null
    } as unknown as RedNoticeRow
    return {
      context: { role: 'reporter', partnerId },
      report,
      indexes: options.indexes ?? [index(), index()],
      ...(options.idempotencyKey === undefined ? {} : { idempotency: { key: options.idempotencyKey, route: 'POST /v1/red-notices', requestHash: 'h' } }),
      audit: { actorPartnerId: partnerId, actorKeyId: by.apiKeyId, requestId: `req-${report.id}`, action: 'red_notice.created', details: { revision: 1 } }
    }
  }

  /** The transaction that wrote each report (its row's xmin), and what else each filing wrote. */
  async function stored (ids: readonly string[]) {
    return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      const reports = rowsOf<{ id: string, tx: string, subject_id: string }>(await tx.execute(sql`
        select id, xmin::text as tx, subject_id from red_notices where id = any(${sql.param([...ids])}::uuid[])`))
      const [counts] = rowsOf<{ revisions: number, audits: number, indexes: number }>(await tx.execute(sql`select
        (select count(*) from red_notice_revisions where report_id = any(${sql.param([...ids])}::uuid[]))::int as revisions,
        (select count(*) from audit_events where action = 'red_notice.created' and target_id = any(${sql.param([...ids])}::uuid[]))::int as audits,
        (select count(distinct report_id) from subject_indexes where report_id = any(${sql.param([...ids])}::uuid[]))::int as indexes`))
      return { reports, counts: counts! }
    })
  }

  it('files the reports submitted together in one transaction, each with its own revision, indexes and audit event', async () => {
    const filings = Array.from({ length: 10 }, (_, i) => filing(i % 2 === 0 ? a : b))
    const results = await Promise.all(filings.map(async (f) => await fileRedNotice(ctx.database.db, f)))
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('created'))
    const ids = filings.map((f) => f.report.id)
    const { reports, counts } = await stored(ids)
    expect(reports).toHaveLength(10)
    expect(new Set(reports.map((r) => r.tx)).size).toBe(1)
    expect(counts).toEqual({ revisions: 10, audits: 10, indexes: 10 })
    // Each answer is its own filing's: the subject it was given, unmatched.
    expect(results).toEqual(filings.map((f) => ({ status: 'created', subjectId: f.report.subjectId, matched: false, otherReports: 0, linked: [] })))
  })

  it('links filings of one person inside a batch to one subject, each counting the reports filed before it', async () => {
    const person = [index(), index()]
    const filings = [filing(a, { indexes: person }), filing(b, { indexes: [index()] }), filing(b, { indexes: [person[1]!, index()] }), filing(a, { indexes: person })]
    const results = await Promise.all(filings.map(async (f) => await fileRedNotice(ctx.database.db, f))) as Array<Extract<FilingResult, { status: 'created' }>>
    const subject = filings[0]!.report.subjectId
    // otherReports is what the reporter is told (docs/disclosure-policy.md): its own reports sharing an index only.
    expect(results.map((r) => [r.subjectId === subject, r.matched, r.otherReports])).toEqual([[true, false, 0], [false, false, 0], [true, true, 0], [true, true, 1]])
    // Each names, to score again, only the reports whose score it can move: its partner's own that share a blind index
    // with it (docs/disclosure-policy.md §3), never another partner's on its subject.
    const ids = filings.map((f) => f.report.id)
    expect(results.map((r) => r.linked.map((l) => l.id).sort())).toEqual([[], [], [], [ids[0]]])
  })

  it('answers a key used twice in one batch with the first filing\'s report', async () => {
    const key = randomUUID()
    const first = filing(a, { idempotencyKey: key })
    const results = await Promise.all([first, filing(a, { idempotencyKey: key })].map(async (f) => await fileRedNotice(ctx.database.db, f)))
    expect(results).toEqual([expect.objectContaining({ status: 'created' }), { status: 'replay', resourceId: first.report.id }])
  })

  it('fails only the filing at fault: the others of its batch are filed, each alone', async () => {
    const good = [filing(a), filing(b), filing(a)]
    // A partner that does not exist: the report's foreign key fails, in the database, for this filing only.
    const orphan = filing(a, { partnerId: randomUUID() })
    const results = await Promise.allSettled([good[0]!, orphan, good[1]!, good[2]!].map(async (f) => await fileRedNotice(ctx.database.db, f)))
    expect(results.map((r) => r.status === 'rejected' ? errorCode(r.reason) : r.status)).toEqual(['fulfilled', '23503', 'fulfilled', 'fulfilled'])
    const { reports, counts } = await stored([...good, orphan].map((f) => f.report.id))
    expect(reports.map((r) => r.id).sort()).toEqual(good.map((f) => f.report.id).sort())
    expect(counts).toEqual({ revisions: 3, audits: 3, indexes: 3 })
  })
})
