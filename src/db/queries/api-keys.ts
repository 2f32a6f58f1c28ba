import { and, eq, isNull, sql } from 'drizzle-orm'
import { batcherPerOwner, MicroBatcher } from '../../batching/micro-batch.ts'
import { DUMMY_HASH } from '../../crypto/index.ts'
import type { Database } from '../client.ts'
import type { Transaction } from '../context.ts'
import { apiKeys } from '../schema.ts'
import { KEY_REVOKED_CHANNEL } from '../verified-keys.ts'

export type Role = 'reporter' | 'analyst' | 'admin'
export const ROLES: readonly Role[] = ['reporter', 'analyst', 'admin']

export interface StoredKey { id: string, partnerId: string, role: Role, secretHash: string, revokedAt: Date | null }

/** Stands for an unknown id's key and partner: a uuid, as long as a real one. */
const NO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * The key a lookup's row holds, or null for an unknown id. An unknown id's row comes filled with values of a real
 * row's shape and is read the same way, then dropped: reading a real key's values and an unknown id's NULLs took
 * measurably different times (S14, docs/security.md §5.3).
 */
function storedKey (row: Record<string, unknown>): StoredKey | null {
  const key: StoredKey = {
    id: String(row.id),
    partnerId: String(row.partner_id),
    role: row.role as Role,
    secretHash: String(row.secret_hash),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at as string)
  }
  return row.found === true ? key : null
}

/**
 * Looks keys up in one statement, outside any request context: api_key_lookups() opens exactly these keys'
 * rows, one per id asked and in order, all NULL for an unknown id (migration 0018: equal timing).
 */
export async function findApiKeys (db: Database, keyIds: readonly string[]): Promise<Array<StoredKey | null>> {
  const result = await db.execute(sql`select coalesce(id, ${NO_ID}::uuid) as id, coalesce(partner_id, ${NO_ID}::uuid) as partner_id,
    coalesce(role, 'reporter') as role, coalesce(secret_hash, ${DUMMY_HASH}) as secret_hash, revoked_at, id is not null as found
    from api_key_lookups(${sql.param([...keyIds])}::text[])`)
  const rows = (result as unknown as { rows: Array<Record<string, unknown>> }).rows
  if (rows.length !== keyIds.length) throw new Error(`api_key_lookups answered ${rows.length} rows for ${keyIds.length} ids`)
  return rows.map(storedKey)
}

const lookupsOf = batcherPerOwner((db: Database) =>
  new MicroBatcher<string, StoredKey | null>(async (keyIds) => await findApiKeys(db, keyIds), { maxSize: 64, maxConcurrent: 2, maxWaitMs: 0 }))

/**
 * One request's key. The ids presented while other lookups are in the database gather and are looked up
 * together, in one round trip; an idle service looks each up at once. The auth plugin keeps keys it verified
 * for a few seconds (VerifiedKeys), forgotten on revocation: a revocation holds from the next request on (ASVS 8.3.2).
 */
export async function findApiKey (db: Database, keyId: string): Promise<StoredKey | null> {
  return await lookupsOf(db).submit(keyId)
}

/** Why insertApiKey refused a key; safe to show (it names no key or partner). */
export const KEY_SIDE_CONFLICT = 'A partner holds reporter keys or analyst and admin keys, never both: issue the secretariat\'s keys to a partner of its own'

/**
 * Issues a key, unless the partner holds (or held: revoked keys count, the reports stay) a key of the other side:
 * then null. The sides are a partner that files reports (reporter keys) and the coalition's secretariat (analyst and
 * admin keys, which read every partner's reports, pseudonymised, with the subject ids they share): with an analyst
 * key of its own, a partner that files reports would read every other partner's report on a person it names, its
 * facts, date and score, through the subject its own report joined (docs/disclosure-policy.md, "Roles"). A
 * transaction-scoped lock on the partner's keys makes two concurrent issues take turns.
 */
export async function insertApiKey (tx: Transaction, values: { partnerId: string, keyId: string, secretHash: string, role: Role, label: string | null }) {
  const reporting = values.role === 'reporter'
  // Two statements: the check's snapshot must be taken once the lock is held, to see a key issued meanwhile.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`api_keys:${values.partnerId}`}, 0))`)
  const { rows } = await tx.execute(sql`
    select exists (select 1 from api_keys where partner_id = ${values.partnerId}::uuid and (role = 'reporter') <> ${reporting}) as other_side`) as unknown as { rows: Array<{ other_side: boolean }> }
  if (rows[0]!.other_side) return null
  const [row] = await tx.insert(apiKeys).values(values).returning({
    id: apiKeys.id, partnerId: apiKeys.partnerId, role: apiKeys.role, label: apiKeys.label, createdAt: apiKeys.createdAt
  })
  if (row === undefined) throw new Error('api key insert returned nothing')
  return row
}

/**
 * Revokes a key, and tells every service process so when the transaction commits (NOTIFY is delivered at
 * commit, never for a rollback): processes that keep verified keys for a few seconds forget it (VerifiedKeys).
 */
export async function revokeApiKey (tx: Transaction, id: string): Promise<boolean> {
  const rows = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id })
  if (rows.length > 0) await tx.execute(sql`select pg_notify(${KEY_REVOKED_CHANNEL}, ${id})`)
  return rows.length > 0
}

export async function listApiKeys (tx: Transaction, partnerId: string) {
  return await tx.select({
    id: apiKeys.id, partnerId: apiKeys.partnerId, role: apiKeys.role, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt
  }).from(apiKeys).where(eq(apiKeys.partnerId, partnerId)).orderBy(apiKeys.createdAt)
}
