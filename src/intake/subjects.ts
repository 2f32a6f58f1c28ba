import { randomUUID } from 'node:crypto'
import { count, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '../db/context.ts'
import { subjectIndexes } from '../db/schema.ts'

/**
 * Links a report to a pseudonymous subject by its blind indexes (keyed hashes of normalised name + birth
 * date): a report sharing any index with earlier reports joins their subject, otherwise it starts one.
 * Nothing is decrypted, and another partner's reports are never read, only their keyed hashes.
 * When indexes point at several subjects (e.g. an alias bridges two people), the report joins the one
 * sorted first rather than merging them: merging people is a human decision.
 */
export async function resolveSubject (tx: Transaction, reportId: string, indexes: readonly string[], currentSubjectId?: string): Promise<{ subjectId: string, matched: boolean }> {
  // Only a stored report (it has a subject) can have indexes to replace; a new one saves the round trip.
  if (currentSubjectId !== undefined) await tx.delete(subjectIndexes).where(eq(subjectIndexes.reportId, reportId))
  if (indexes.length === 0) return { subjectId: currentSubjectId ?? randomUUID(), matched: false }
  // Two partners filing the same person at once must not create two subjects: serialise on the indexes.
  for (const value of [...indexes].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${value}, 0))`)
  }
  // Sorted here, not by ORDER BY … LIMIT 1: the planner would walk subject_indexes_subject_idx in subject order
  // and filter the whole table instead of looking the few index values up (cf. migration 0015).
  const matches = await tx.selectDistinct({ subjectId: subjectIndexes.subjectId }).from(subjectIndexes)
    .where(inArray(subjectIndexes.indexValue, [...indexes]))
  const matched = matches.map((match) => match.subjectId).sort()[0]
  return { subjectId: matched ?? currentSubjectId ?? randomUUID(), matched: matched !== undefined }
}

/** Stores the report's indexes once its row exists (they reference it); the advisory locks are still held. */
export async function storeSubjectIndexes (tx: Transaction, reportId: string, subjectId: string, indexes: readonly string[]): Promise<void> {
  if (indexes.length === 0) return
  await tx.insert(subjectIndexes).values(indexes.map((indexValue) => ({ reportId, indexValue, subjectId }))).onConflictDoNothing()
}

export async function forgetSubjectIndexes (tx: Transaction, reportId: string): Promise<void> {
  await tx.delete(subjectIndexes).where(eq(subjectIndexes.reportId, reportId))
}

export async function countOtherReportsMany (tx: Transaction, pairs: ReadonlyArray<{ subjectId: string, reportId: string }>): Promise<Map<string, number>> {
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
