import { randomUUID } from 'node:crypto'
import { count, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '../db/context.ts'
import { rowsOf, textArray } from '../db/queries/sql-helpers.ts'
import { subjectIndexes } from '../db/schema.ts'

/**
 * Links a report to a pseudonymous subject by its blind indexes (keyed hashes of normalised name + birth
 * date): a report sharing any index with earlier reports joins their subject, otherwise it starts one.
 * Nothing is decrypted, and another partner's reports are never read, only their keyed hashes.
 * When indexes point at several subjects (e.g. an alias bridges two people), the report joins the one
 * sorted first rather than merging them: merging people is a human decision.
 *
 * A stored report is matched again from scratch whenever its indexes change: its subject always follows its
 * current identity, so a corrected typo leaves no link behind (it keeps its subject only while that subject
 * still shares an index with it). `changed` says whether the indexes changed: an identity change.
 */
export async function resolveSubject (tx: Transaction, reportId: string, indexes: readonly string[], currentSubjectId?: string): Promise<{ subjectId: string, matched: boolean, changed: boolean }> {
  const wanted = [...new Set(indexes)].sort()
  if (currentSubjectId !== undefined) {
    // Only a stored report (it has a subject) can have indexes to replace; a new one saves the round trip.
    if (!await indexesChanged(tx, reportId, wanted)) return { subjectId: currentSubjectId, matched: false, changed: false }
    await tx.delete(subjectIndexes).where(eq(subjectIndexes.reportId, reportId))
  }
  if (wanted.length === 0) return { subjectId: randomUUID(), matched: false, changed: true }
  // Two partners filing the same person at once must not create two subjects: serialise on the indexes.
  for (const value of wanted) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${value}, 0))`)
  }
  // Sorted here, not by ORDER BY … LIMIT 1: the planner would walk subject_indexes_subject_idx in subject order
  // and filter the whole table instead of looking the few index values up (cf. migration 0015).
  const matches = (await tx.selectDistinct({ subjectId: subjectIndexes.subjectId }).from(subjectIndexes)
    .where(inArray(subjectIndexes.indexValue, wanted))).map((match) => match.subjectId).sort()
  // The current subject, when it still matches, is kept: the report did not leave it.
  const matched = currentSubjectId !== undefined && matches.includes(currentSubjectId) ? currentSubjectId : matches[0]
  return { subjectId: matched ?? randomUUID(), matched: matched !== undefined, changed: true }
}

/** Whether these indexes differ from the report's stored ones: whether its name, aliases or birth date change. */
export async function indexesChanged (tx: Transaction, reportId: string, indexes: readonly string[]): Promise<boolean> {
  const wanted = [...new Set(indexes)].sort()
  const stored = (await tx.select({ value: subjectIndexes.indexValue }).from(subjectIndexes).where(eq(subjectIndexes.reportId, reportId)))
    .map((row) => row.value).sort()
  return stored.length !== wanted.length || stored.some((value, i) => value !== wanted[i])
}

/** Stores the report's indexes once its row exists (they reference it); the advisory locks are still held. */
export async function storeSubjectIndexes (tx: Transaction, reportId: string, subjectId: string, indexes: readonly string[]): Promise<void> {
  if (indexes.length === 0) return
  await tx.insert(subjectIndexes).values(indexes.map((indexValue) => ({ reportId, indexValue, subjectId }))).onConflictDoNothing()
}

export async function forgetSubjectIndexes (tx: Transaction, reportId: string): Promise<void> {
  await tx.delete(subjectIndexes).where(eq(subjectIndexes.reportId, reportId))
}

/**
 * The count a view shows as `otherReportsOnSubject` (docs/disclosure-policy.md). The secretariat (analysts,
 * admins) sees how many other reports share the subject. A reporter sees only its own partner's other reports
 * that share a blind index with this one, which it could work out from its own data: never a sign that another
 * partner's report matched.
 */
export async function countOtherReportsMany (tx: Transaction, pairs: ReadonlyArray<{ subjectId: string, reportId: string, partnerId: string }>, reporter: boolean): Promise<Map<string, number>> {
  if (reporter) return await countOwnMatchesMany(tx, pairs)
  return await countSubjectReportsMany(tx, pairs)
}

async function countOwnMatchesMany (tx: Transaction, pairs: ReadonlyArray<{ reportId: string, partnerId: string }>): Promise<Map<string, number>> {
  const out = new Map<string, number>(pairs.map((p) => [p.reportId, 0]))
  if (pairs.length === 0) return out
  const rows = rowsOf<{ report_id: string, n: number }>(await tx.execute(sql`
    select mine.report_id, count(distinct other.report_id)::integer as n
    from subject_indexes mine
    join subject_indexes other on other.index_value = mine.index_value and other.report_id <> mine.report_id
    join red_notices own on own.id = mine.report_id
    join red_notices o on o.id = other.report_id and o.partner_id = own.partner_id
    where mine.report_id = any(${textArray(pairs.map((p) => p.reportId))}::uuid[])
    group by mine.report_id`))
  for (const row of rows) out.set(row.report_id, Number(row.n))
  return out
}

async function countSubjectReportsMany (tx: Transaction, pairs: ReadonlyArray<{ subjectId: string, reportId: string }>): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (pairs.length === 0) return out
  const subjectIds = [...new Set(pairs.map((p) => p.subjectId))]
  const rows = await tx.select({ subjectId: subjectIndexes.subjectId, reportId: subjectIndexes.reportId, n: count() }).from(subjectIndexes)
    .where(inArray(subjectIndexes.subjectId, subjectIds)).groupBy(subjectIndexes.subjectId, subjectIndexes.reportId)
  const perSubject = new Map<string, Set<string>>()
  for (const row of rows) {
    const reports = perSubject.get(row.subjectId) ?? new Set<string>()
    reports.add(row.reportId)
    perSubject.set(row.subjectId, reports)
  }
  for (const { subjectId, reportId } of pairs) {
    const reports = perSubject.get(subjectId)
    out.set(reportId, reports === undefined ? 0 : reports.size - (reports.has(reportId) ? 1 : 0))
  }
  return out
}
