import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { textArray } from '../../src/db/queries/sql-helpers.ts'
import { assuranceRevisions, assurances, partners, redNoticeRevisions, redNotices, subjectIndexes } from '../../src/db/schema.ts'

// Reports are inserted the way the storage layer stores them (facts = the body minus identities), without
// going through the API, so these tests depend only on the storage contract.

export type StoredFacts = Record<string, unknown>

export function redNoticeFacts (overrides: StoredFacts = {}): StoredFacts {
  return {
    mechanism: 'red_notice',
    requestingCountry: 'RU',
    subject: { nationalities: ['RU'], profiles: ['journalist'], asylum: { status: 'recognized_refugee', country: 'FR' } },
    charges: [{ category: 'armed_group' }],
    ...overrides
  }
}

export function assuranceFacts (overrides: StoredFacts = {}): StoredFacts {
  return { givingState: 'RU', receivingState: 'FR', form: 'diplomatic_note', monitoring: { mechanism: 'none' }, ...overrides }
}

export async function insertPartner (db: Database, name = `partner-${randomUUID()}`): Promise<string> {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const [row] = await tx.insert(partners).values({ name }).returning({ id: partners.id })
    return row!.id
  })
}

export interface InsertedReport { id: string, subjectId: string, revision: number }

/**
 * A red notice with revisions 1..n (each given facts, the last one current). Given a `subjectId`, it is found to
 * concern that person as a filing would: by a blind index shared with the subject's other reports (`indexes`, by
 * default one derived from the subject id; `[]` for a report on the subject that shares none).
 */
export async function insertRedNotice (db: Database, input: { partnerId: string, facts?: StoredFacts, revisions?: StoredFacts[], subjectId?: string, id?: string, withdrawn?: boolean, indexes?: string[] }): Promise<InsertedReport> {
  const revisions = input.revisions ?? [input.facts ?? redNoticeFacts()]
  const id = input.id ?? randomUUID()
  const subjectId = input.subjectId ?? randomUUID()
  const current = revisions[revisions.length - 1]!
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.insert(redNotices).values({
      id,
      partnerId: input.partnerId,
      subjectId,
      revision: revisions.length,
      mechanism: String(current.mechanism),
      requestingCountry: String(current.requestingCountry),
      facts: current,
      withdrawnAt: input.withdrawn === true ? new Date() : null
    })
    await tx.insert(redNoticeRevisions).values(revisions.map((facts, i) => ({ reportId: id, revision: i + 1, partnerId: input.partnerId, facts })))
    const indexes = input.indexes ?? (input.subjectId === undefined ? [] : [`index-of-${input.subjectId}`])
    if (indexes.length > 0) await tx.insert(subjectIndexes).values(indexes.map((indexValue) => ({ reportId: id, indexValue, subjectId })))
  })
  return { id, subjectId, revision: revisions.length }
}

/** Stores a new current revision, as a PATCH would. */
export async function addRedNoticeRevision (db: Database, report: InsertedReport, partnerId: string, facts: StoredFacts): Promise<InsertedReport> {
  const revision = report.revision + 1
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.update(redNotices).set({ revision, facts, requestingCountry: String(facts.requestingCountry) }).where(sql`id = ${report.id}`)
    await tx.insert(redNoticeRevisions).values({ reportId: report.id, revision, partnerId, facts })
  })
  return { ...report, revision }
}

export async function insertAssurance (db: Database, input: { partnerId: string, facts?: StoredFacts, id?: string }): Promise<InsertedReport> {
  const facts = input.facts ?? assuranceFacts()
  const id = input.id ?? randomUUID()
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.insert(assurances).values({ id, partnerId: input.partnerId, revision: 1, givingState: String(facts.givingState), receivingState: String(facts.receivingState), facts })
    await tx.insert(assuranceRevisions).values({ reportId: id, revision: 1, partnerId: input.partnerId, facts })
  })
  return { id, subjectId: '', revision: 1 }
}

/** Many red notices at revision 1, with multi-row inserts of 1000 rows. */
export async function insertManyRedNotices (db: Database, partnerId: string, count: number, factsOf: (i: number) => StoredFacts = () => redNoticeFacts()): Promise<string[]> {
  const ids: string[] = []
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
      const facts = factsOf(start + k)
      return { id: randomUUID(), facts }
    })
    await withContext(db, SYSTEM_CONTEXT, async (tx) => {
      await tx.insert(redNotices).values(rows.map((r) => ({
        id: r.id, partnerId, subjectId: randomUUID(), revision: 1, mechanism: String(r.facts.mechanism), requestingCountry: String(r.facts.requestingCountry), facts: r.facts
      })))
      await tx.insert(redNoticeRevisions).values(rows.map((r) => ({ reportId: r.id, revision: 1, partnerId, facts: r.facts })))
    })
    ids.push(...rows.map((r) => r.id))
  }
  return ids
}

/** Score rows as the system sees them (no row-level security filtering). */
export async function scoreRows (db: Database, reportId?: string) {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const result = await tx.execute(sql`select report_kind, report_id, revision, ruleset_version, score, band, superseded_at, contributions
      from scores ${reportId === undefined ? sql`` : sql`where report_id = ${reportId}`} order by scored_at, id`)
    return (result as unknown as { rows: Array<{ report_kind: string, report_id: string, revision: number, ruleset_version: string, score: number, band: string, superseded_at: Date | null, contributions: Array<{ indicatorId: string, evidence: string[] }> }> }).rows
  })
}

/** How many of these reports have at least one score, and which have more than one row. */
export async function scoreCounts (db: Database, ids: string[]): Promise<{ scored: number, duplicated: string[] }> {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const result = await tx.execute(sql`select report_id, count(*)::int as n from scores
      where report_id = any(${textArray(ids)}::uuid[]) group by report_id`)
    const rows = (result as unknown as { rows: Array<{ report_id: string, n: number }> }).rows
    return { scored: rows.length, duplicated: rows.filter((r) => r.n !== 1).map((r) => r.report_id) }
  })
}
