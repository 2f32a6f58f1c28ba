import { and, asc, count, gt, isNotNull, ne, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Transaction } from '../context.ts'
import { assurances, redNotices, webhooks } from '../schema.ts'

/**
 * Tables whose rows hold a per-record data key wrapped by the root keyring (`wrapped_key`), keyed by the
 * AAD table name the intake code wraps with. A new table with a wrapped key is one line here, and key
 * rotation then covers it.
 */
export const WRAPPED_KEY_TABLES = { red_notices: redNotices, assurances, webhooks } as const
export type WrappedKeyTable = keyof typeof WRAPPED_KEY_TABLES

// wrapped_key is `v1.<kid>.<iv>.<tag>.<ct>`: split_part compares the kid exactly, where LIKE would treat
// the "_" a kid may contain as a wildcard.
const kidOf = (column: AnyPgColumn): SQL<string> => sql<string>`split_part(${column}, '.', 2)`

/** How many wrapped keys each root kid wraps in this table (erased rows, whose key is gone, are not counted). */
export async function countWrappedKeysByKid (tx: Transaction, table: WrappedKeyTable): Promise<Map<string, number>> {
  const t = WRAPPED_KEY_TABLES[table]
  const kid = kidOf(t.wrappedKey)
  const rows = await tx.select({ kid, n: count() }).from(t).where(isNotNull(t.wrappedKey)).groupBy(kid)
  return new Map(rows.map((row) => [row.kid, Number(row.n)]))
}

/**
 * Locks the next batch of rows still wrapped under another root than `currentKid`, after `afterId`: walking
 * the primary key keeps the whole job one pass over the table instead of a scan per batch. SKIP LOCKED: a
 * row a request is writing right now is left for a later run instead of blocking the job.
 */
export async function lockRowsToRewrap (tx: Transaction, table: WrappedKeyTable, params: { currentKid: string, afterId?: string, limit: number }): Promise<Array<{ id: string, wrappedKey: string }>> {
  const t = WRAPPED_KEY_TABLES[table]
  const rows = await tx.select({ id: t.id, wrappedKey: t.wrappedKey }).from(t)
    .where(and(
      params.afterId === undefined ? undefined : gt(t.id, params.afterId),
      isNotNull(t.wrappedKey),
      ne(kidOf(t.wrappedKey), params.currentKid)
    ))
    .orderBy(asc(t.id)).limit(params.limit)
    .for('update', { skipLocked: true })
  return rows.filter((row): row is { id: string, wrappedKey: string } => row.wrappedKey !== null)
}

/** Stores re-wrapped keys (rows locked by lockRowsToRewrap in the same transaction) in one statement. Only wrapped_key changes. */
export async function updateWrappedKeys (tx: Transaction, table: WrappedKeyTable, rows: Array<{ id: string, wrappedKey: string }>): Promise<void> {
  if (rows.length === 0) return
  const t = WRAPPED_KEY_TABLES[table]
  const values = sql.join(rows.map((row) => sql`(${row.id}::uuid, ${row.wrappedKey})`), sql`, `)
  await tx.execute(sql`update ${t} set wrapped_key = v.wrapped_key from (values ${values}) as v(id, wrapped_key) where ${t.id} = v.id`)
}
