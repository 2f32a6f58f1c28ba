import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reindexSubjects, storedSubjectIndexes } from '../../src/admin/reindex.ts'
import { subjectMatchIndex } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { auditEvents, redNotices, subjectIndexes } from '../../src/db/schema.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

// `npm run admin -- reindex-subjects` after a change of the subject-index scheme: reports stored with the old
// scheme's indexes are found again by reports filed with the new one. Real PostgreSQL.
describe('reindex-subjects', () => {
  let ctx: TestContext
  let admin: string
  let a: PartnerKey
  let b: PartnerKey
  const DOB = '1981-07-19'

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    admin = (await seedAdmin(ctx)).token
    a = await createPartner(ctx, admin, 'Reindex partner A')
    b = await createPartner(ctx, admin, 'Reindex partner B')
  })
  afterAll(async () => { await ctx.close() })

  async function file (partner: PartnerKey, fullName: string, aliases?: string[]): Promise<string> {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(partner.token), payload: chechenRedNotice({ fullName, dateOfBirth: DOB, ...(aliases ? { aliases } : {}) }) })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  const subjectOf = async (id: string): Promise<string> => (await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) =>
    tx.select({ subjectId: redNotices.subjectId }).from(redNotices).where(eq(redNotices.id, id))))[0]!.subjectId

  it('replaces stale indexes with the current scheme\'s, keeps subjects, and lets new reports find old ones', async () => {
    const old = await file(a, 'Аслан Тестович Дударов', ['Aslan Dudarov'])
    const oldSubject = await subjectOf(old)
    // As an earlier scheme left it: indexes that no current computation produces.
    await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      await tx.delete(subjectIndexes).where(eq(subjectIndexes.reportId, old))
      await tx.insert(subjectIndexes).values([{ reportId: old, indexValue: 'old-scheme-1', subjectId: oldSubject }, { reportId: old, indexValue: 'old-scheme-2', subjectId: oldSubject }])
    })
    const before = await file(b, 'DUDAROV ASLAN')
    expect(await subjectOf(before)).not.toBe(oldSubject)

    const progress: number[] = []
    const summary = await reindexSubjects(ctx.database.db, ctx.secrets, { batchSize: 1, onProgress: ({ done }) => { progress.push(done) } })
    expect(summary.reports).toBe(2)
    expect(progress).toEqual([1, 2])
    const expected = subjectMatchIndex(ctx.secrets.blindIndexKey, { fullName: 'Аслан Тестович Дударов', aliases: ['Aslan Dudarov'], dateOfBirth: DOB })
    expect(await storedSubjectIndexes(ctx.database.db, old)).toEqual([...expected].sort())
    expect(summary.indexes).toBe(expected.length + subjectMatchIndex(ctx.secrets.blindIndexKey, { fullName: 'DUDAROV ASLAN', dateOfBirth: DOB }).length)
    // Subjects are not merged by the job.
    expect(await subjectOf(old)).toBe(oldSubject)
    expect(await subjectOf(before)).not.toBe(oldSubject)

    // A report filed now, in another script and order, finds one of them.
    const after = await file(b, 'Dudarov Aslan Testovich')
    expect([oldSubject, await subjectOf(before)]).toContain(await subjectOf(after))

    const audit = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'subject_indexes.rebuilt')))
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/Dudarov|Дударов|1981/)
  })

  it('is idempotent and skips erased reports', async () => {
    const erased = await file(a, 'Зарема Дударова')
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${erased}?erase=true`, headers: bearer(admin) })).statusCode).toBe(204)
    const first = await reindexSubjects(ctx.database.db, ctx.secrets)
    const rows = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select count(*)::int as n from subject_indexes`))
    const second = await reindexSubjects(ctx.database.db, ctx.secrets)
    expect(second).toEqual(first)
    expect(await storedSubjectIndexes(ctx.database.db, erased)).toEqual([])
    const again = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`select count(*)::int as n from subject_indexes`))
    expect(JSON.stringify(again)).toBe(JSON.stringify(rows))
  })
})
