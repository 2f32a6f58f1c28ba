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

export interface ContextOptions {
  /**
   * The transaction's only writes are the audit events of the reads it serves. For any role but a reporter's no
   * identity can be opened in it (the pages are pseudonymised), so it commits without waiting for its WAL flush:
   * the flush's tail latency was most of such a page's p95 on a loaded machine, and what it risks is only those
   * read events of the last moments (about 3 × wal_writer_delay, 600 ms by default) if PostgreSQL itself crashes,
   * never a report, a score or the record of an identity read. A reporter's reads (its own identities) keep
   * synchronous commits. Set with the context, in the same statement: no round trip of its own.
   */
  readEventsOnly?: boolean
}

/** Runs fn in one transaction whose settings carry the context (transaction-local: safe with pooling). */
export async function withContext<T> (db: Database, context: DbContext, fn: (tx: Transaction) => Promise<T>, options: ContextOptions = {}): Promise<T> {
  const relaxCommit = options.readEventsOnly === true && context.role !== 'reporter'
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.role', ${context.role}, true), set_config('app.partner_id', ${context.partnerId ?? ''}, true)${relaxCommit ? sql`, set_config('synchronous_commit', 'off', true)` : sql``}`)
    return await fn(tx)
  })
}
