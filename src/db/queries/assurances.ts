import { and, asc, desc, eq, gt, lt, or, type SQL } from 'drizzle-orm'
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

export async function listAssurances (tx: Transaction, filter: { conditions: SQL[], after?: { createdAt: Date, id: string }, order: 'createdAt' | '-createdAt', limit: number }) {
  const conditions = [...filter.conditions]
  const ascending = filter.order === 'createdAt'
  if (filter.after !== undefined) {
    const { createdAt, id } = filter.after
    conditions.push(ascending
      ? or(gt(assurances.createdAt, createdAt), and(eq(assurances.createdAt, createdAt), gt(assurances.id, id))) as SQL
      : or(lt(assurances.createdAt, createdAt), and(eq(assurances.createdAt, createdAt), lt(assurances.id, id))) as SQL)
  }
  const order = ascending ? [asc(assurances.createdAt), asc(assurances.id)] : [desc(assurances.createdAt), desc(assurances.id)]
  return await tx.select().from(assurances).where(and(...conditions)).orderBy(...order).limit(filter.limit)
}
