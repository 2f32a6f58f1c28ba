import { asc, eq, gt } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { partners } from '../schema.ts'

export async function insertPartner (tx: Transaction, name: string) {
  const [row] = await tx.insert(partners).values({ name }).onConflictDoNothing({ target: partners.name }).returning()
  return row ?? null
}

export async function findPartner (tx: Transaction, id: string) {
  const [row] = await tx.select().from(partners).where(eq(partners.id, id))
  return row ?? null
}

export async function listPartners (tx: Transaction, options: { after?: string, limit: number }) {
  return await tx.select().from(partners)
    .where(options.after === undefined ? undefined : gt(partners.id, options.after))
    .orderBy(asc(partners.id)).limit(options.limit)
}

export async function countPartners (tx: Transaction): Promise<number> {
  const rows = await tx.select({ id: partners.id }).from(partners).limit(1)
  return rows.length
}

export async function findPartnerByName (tx: Transaction, name: string) {
  const [row] = await tx.select().from(partners).where(eq(partners.name, name))
  return row ?? null
}
