import { sql } from 'drizzle-orm'
import type { Database } from './client.ts'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/**
 * Who a transaction acts for. Row-level security reads these settings, so a query that forgets its
 * partner filter still returns only what this context may see.
 * - reporter/analyst/admin: an API caller; system: workers and the reconciler; auth: the API-key lookup.
 */
export interface DbContext {
  role: 'reporter' | 'analyst' | 'admin' | 'system' | 'auth'
  partnerId: string | null
}

export const SYSTEM_CONTEXT: DbContext = { role: 'system', partnerId: null }

/** Runs fn in one transaction whose settings carry the context (transaction-local: safe with pooling). */
export async function withContext<T> (db: Database, context: DbContext, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.role', ${context.role}, true), set_config('app.partner_id', ${context.partnerId ?? ''}, true)`)
    return await fn(tx)
  })
}
