import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { auditEvents } from '../schema.ts'

/**
 * What happened, by whom, to which record. Never identities: details hold ids, revisions, counts and field
 * names only, and callers pass them explicitly.
 */
export interface AuditEntry {
  actorPartnerId: string | null
  actorKeyId: string | null
  action: string
  targetKind?: string
  targetId?: string
  requestId?: string
  details?: Record<string, string | number | boolean | null | string[]>
}

export async function recordAudit (tx: Transaction, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const rows = Array.isArray(entries) ? entries : [entries]
  if (rows.length === 0) return
  // One parameter per column, not per value: a page of 50 reads is 7 arrays rather than 350 parameters,
  // which PostgreSQL parses and plans in a fraction of the time.
  const column = <T>(pick: (entry: AuditEntry) => T) => sql.param(rows.map(pick))
  await tx.execute(sql`
    insert into audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)
    select * from unnest(${column((e) => e.actorPartnerId)}::uuid[], ${column((e) => e.actorKeyId)}::uuid[], ${column((e) => e.action)}::text[],
      ${column((e) => e.targetKind ?? null)}::text[], ${column((e) => e.targetId ?? null)}::uuid[], ${column((e) => e.requestId ?? null)}::text[],
      ${column((e) => e.details === undefined ? null : JSON.stringify(e.details))}::jsonb[])`)
}

export interface AuditFilter {
  action?: string
  targetId?: string
  actorPartnerId?: string
  actorKeyId?: string
  from?: Date
  /** Inclusive to the millisecond: the API shows milliseconds, the column keeps microseconds. */
  to?: Date
  /** Events with an id below this one (newest first). */
  before?: number
  /** Only events that concern this partner: as migration 0020's audit_partner_read policy decides. */
  concerning?: string
  limit: number
}

/** Events that concern a partner: its keys' actions, and what anyone did to its keys, reports or itself. */
function concerns (partnerId: string): SQL {
  return sql`(${auditEvents.actorPartnerId} = ${partnerId}::uuid
    or (${auditEvents.targetKind} = 'partner' and ${auditEvents.targetId} = ${partnerId}::uuid)
    or (${auditEvents.targetKind} = 'api_key' and ${auditEvents.targetId} in (select k.id from api_keys k where k.partner_id = ${partnerId}::uuid))
    or (${auditEvents.targetKind} = 'red_notice' and ${auditEvents.targetId} in (select n.id from red_notices n where n.partner_id = ${partnerId}::uuid))
    or (${auditEvents.targetKind} = 'assurance' and ${auditEvents.targetId} in (select a.id from assurances a where a.partner_id = ${partnerId}::uuid)))`
}

export async function listAudit (tx: Transaction, filter: AuditFilter) {
  const conditions: SQL[] = []
  if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action))
  if (filter.targetId !== undefined) conditions.push(eq(auditEvents.targetId, filter.targetId))
  if (filter.actorPartnerId !== undefined) conditions.push(eq(auditEvents.actorPartnerId, filter.actorPartnerId))
  if (filter.actorKeyId !== undefined) conditions.push(eq(auditEvents.actorKeyId, filter.actorKeyId))
  if (filter.from !== undefined) conditions.push(gte(auditEvents.occurredAt, filter.from))
  if (filter.to !== undefined) conditions.push(lt(auditEvents.occurredAt, new Date(filter.to.getTime() + 1)))
  if (filter.before !== undefined) conditions.push(lt(auditEvents.id, filter.before))
  if (filter.concerning !== undefined) conditions.push(concerns(filter.concerning))
  return await tx.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.id)).limit(filter.limit)
}
