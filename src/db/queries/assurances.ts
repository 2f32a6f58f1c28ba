import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { assuranceRevisions, assurances } from '../schema.ts'

export type AssuranceRow = typeof assurances.$inferSelect

export async function insertAssurance (tx: Transaction, row: typeof assurances.$inferInsert, revision: typeof assuranceRevisions.$inferInsert): Promise<AssuranceRow> {
  const [inserted] = await tx.insert(assurances).values(row).returning()
  await tx.insert(assuranceRevisions).values(revision)
  if (inserted === undefined) throw new Error('assurance insert returned nothing')
  return inserted
}

export async function findAssurance (tx: Transaction, id: string, options: { forUpdate?: boolean } = {}): Promise<AssuranceRow | null> {
  const query = tx.select().from(assurances).where(eq(assurances.id, id))
  const [row] = options.forUpdate === true ? await query.for('update') : await query
  return row ?? null
}

export async function updateAssurance (tx: Transaction, id: string, values: Partial<typeof assurances.$inferInsert>, revision?: typeof assuranceRevisions.$inferInsert): Promise<AssuranceRow> {
  if (revision !== undefined) await tx.insert(assuranceRevisions).values(revision)
  const [row] = await tx.update(assurances).set({ ...values, updatedAt: new Date() }).where(eq(assurances.id, id)).returning()
  if (row === undefined) throw new Error('assurance update returned nothing')
  return row
}

export async function listAssuranceRevisions (tx: Transaction, id: string) {
  return await tx.select().from(assuranceRevisions).where(eq(assuranceRevisions.reportId, id)).orderBy(asc(assuranceRevisions.revision))
}

export async function eraseAssuranceIdentities (tx: Transaction, id: string): Promise<number> {
  await tx.update(assurances).set({ wrappedKey: null, identity: null, erasedAt: new Date(), updatedAt: new Date() }).where(eq(assurances.id, id))
  const rows = await tx.update(assuranceRevisions).set({ identity: null }).where(eq(assuranceRevisions.reportId, id)).returning({ revision: assuranceRevisions.revision })
  return rows.length
}

export type AssuranceOrder = 'createdAt' | '-createdAt' | '-score'

export interface AssuranceListFilter {
  conditions: SQL[]
  order: AssuranceOrder
  /** Keyset position: rows strictly after this one in the chosen order. */
  after?: { createdAt: Date, id: string } | { score: number, id: string }
  limit: number
}

/** Unscored assurances sort after every scored one in the -score order. */
export const assuranceScoreKey = sql<number>`coalesce(${assurances.currentScore}, -1)`

export async function listAssurances (tx: Transaction, filter: AssuranceListFilter) {
  const conditions = [...filter.conditions]
  const after = filter.after
  // Row comparisons: PostgreSQL uses them as index conditions (red-notices.ts explains).
  if (filter.order === '-score') {
    if (after !== undefined && 'score' in after) conditions.push(sql`(${assuranceScoreKey}, ${assurances.id}) < (${after.score}::integer, ${after.id}::uuid)`)
    return await tx.select().from(assurances).where(and(...conditions)).orderBy(desc(assuranceScoreKey), desc(assurances.id)).limit(filter.limit)
  }
  const ascending = filter.order === 'createdAt'
  if (after !== undefined && 'createdAt' in after) {
    const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    conditions.push(ascending ? sql`(${assurances.createdAt}, ${assurances.id}) > ${position}` : sql`(${assurances.createdAt}, ${assurances.id}) < ${position}`)
  }
  const order = ascending ? [asc(assurances.createdAt), asc(assurances.id)] : [desc(assurances.createdAt), desc(assurances.id)]
  return await tx.select().from(assurances).where(and(...conditions)).orderBy(...order).limit(filter.limit)
}
