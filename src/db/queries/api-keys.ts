import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../client.ts'
import type { Transaction } from '../context.ts'
import { apiKeys } from '../schema.ts'

export type Role = 'reporter' | 'analyst' | 'admin'
export const ROLES: readonly Role[] = ['reporter', 'analyst', 'admin']

export interface StoredKey { id: string, partnerId: string, role: Role, secretHash: string, revokedAt: Date | null }

/** Runs outside any request context: api_key_lookup() opens exactly this one key's row (or a row of NULLs). */
export async function findApiKey (db: Database, keyId: string): Promise<StoredKey | null> {
  const result = await db.execute(sql`select id, partner_id, role, secret_hash, revoked_at from api_key_lookup(${keyId})`)
  const row = (result as unknown as { rows: Array<Record<string, unknown>> }).rows[0]
  // The lookup always answers one row, all NULL for an unknown id (migration 0014: equal timing).
  if (row === undefined || row.id === null) return null
  return {
    id: String(row.id),
    partnerId: String(row.partner_id),
    role: row.role as Role,
    secretHash: String(row.secret_hash),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at as string)
  }
}

export async function insertApiKey (tx: Transaction, values: { partnerId: string, keyId: string, secretHash: string, role: Role, label: string | null }) {
  const [row] = await tx.insert(apiKeys).values(values).returning({
    id: apiKeys.id, partnerId: apiKeys.partnerId, role: apiKeys.role, label: apiKeys.label, createdAt: apiKeys.createdAt
  })
  if (row === undefined) throw new Error('api key insert returned nothing')
  return row
}

export async function revokeApiKey (tx: Transaction, id: string): Promise<boolean> {
  const rows = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id })
  return rows.length > 0
}

export async function listApiKeys (tx: Transaction, partnerId: string) {
  return await tx.select({
    id: apiKeys.id, partnerId: apiKeys.partnerId, role: apiKeys.role, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt
  }).from(apiKeys).where(eq(apiKeys.partnerId, partnerId)).orderBy(apiKeys.createdAt)
}
