import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { BANDS, type Band } from '../../domain/index.ts'
import type { Transaction } from '../context.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '../schema.ts'
import { rowsOf, type ReportKind } from './sql-helpers.ts'

export { BANDS }
export type WebhookBand = Band
export const WEBHOOK_EVENTS = ['score.band_raised', 'score.failed'] as const
export type WebhookEvent = typeof WEBHOOK_EVENTS[number]

export type WebhookRow = typeof webhooks.$inferSelect
export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type AttemptRow = typeof webhookAttempts.$inferSelect

export async function insertWebhook (tx: Transaction, row: typeof webhooks.$inferInsert & { id: string }): Promise<WebhookRow> {
  const [created] = await tx.insert(webhooks).values(row).returning()
  return created!
}

/**
 * The partner's live subscriptions' ids and URLs, taken under a per-partner transaction lock so that two
 * concurrent creations cannot both pass the limit or both add the same URL.
 */
export async function lockLiveWebhookUrls (tx: Transaction, partnerId: string): Promise<Array<{ id: string, url: string }>> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`webhooks:${partnerId}`}, 0))`)
  return await tx.select({ id: webhooks.id, url: webhooks.url }).from(webhooks)
    .where(and(eq(webhooks.partnerId, partnerId), isNull(webhooks.deletedAt)))
}

/** A live subscription, or null when it does not exist, was deleted, or row-level security hides it. */
export async function findWebhook (tx: Transaction, id: string): Promise<WebhookRow | null> {
  const [row] = await tx.select().from(webhooks).where(and(eq(webhooks.id, id), isNull(webhooks.deletedAt)))
  return row ?? null
}

/** Live subscriptions, newest first, keyset-paginated on (createdAt, id). */
export async function listWebhooks (tx: Transaction, input: { afterId?: string, limit: number }): Promise<WebhookRow[]> {
  return await tx.select().from(webhooks).where(and(
    isNull(webhooks.deletedAt),
    input.afterId === undefined ? undefined : sql`(${webhooks.createdAt}, ${webhooks.id}) < (select created_at, id from webhooks where id = ${input.afterId})`
  )).orderBy(desc(webhooks.createdAt), desc(webhooks.id)).limit(input.limit)
}

export async function deleteWebhook (tx: Transaction, id: string): Promise<boolean> {
  const rows = await tx.update(webhooks).set({ deletedAt: new Date() }).where(and(eq(webhooks.id, id), isNull(webhooks.deletedAt))).returning({ id: webhooks.id })
  return rows.length > 0
}

/** One event before it meets the subscriptions: what the outbox insert joins against `webhooks`. */
export interface OutboxEvent {
  partnerId: string
  type: WebhookEvent
  /** Unique per cause, so the same score or failure recorded twice is delivered once per subscription. */
  key: string
  /** Band ranks (0 = low … 3 = critical, -1 = none); only score.band_raised is filtered by them. */
  oldRank: number
  newRank: number
  payload: object
}

/**
 * Writes one delivery per event and matching live subscription of the event's partner: band rises only to
 * subscriptions whose minBand the score crossed from below (old < minBand <= new). Returns the delivery ids.
 */
export async function insertDeliveries (tx: Transaction, events: readonly OutboxEvent[]): Promise<string[]> {
  if (events.length === 0) return []
  const values = sql.join(events.map((e) => sql`(${e.partnerId}::uuid, ${e.type}::text, ${e.key}::text, ${e.oldRank}::int, ${e.newRank}::int, ${JSON.stringify(e.payload)}::jsonb)`), sql`, `)
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into webhook_deliveries (webhook_id, partner_id, event_type, event_key, payload)
    select w.id, w.partner_id, e.type, e.key, e.payload
    from (values ${values}) as e(partner_id, type, key, old_rank, new_rank, payload)
    join webhooks w on w.partner_id = e.partner_id and w.deleted_at is null and e.type = any(w.events)
    where e.type <> 'score.band_raised'
      or (e.old_rank < array_position(array['low', 'elevated', 'high', 'critical'], w.min_band) - 1
          and array_position(array['low', 'elevated', 'high', 'critical'], w.min_band) - 1 <= e.new_rank)
    on conflict (webhook_id, event_key) where replay_of is null do nothing
    returning id`))
  return rows.map((r) => r.id)
}

export interface SubscribedReport { kind: ReportKind, reportId: string, partnerId: string, score: number | null, band: WebhookBand | null }

/**
 * Of these reports, those whose partner has a live subscription, with their latest current score before
 * this transaction's write. One cheap query that returns nothing while nobody subscribes, so scoring
 * pays almost nothing for webhooks it does not have. The partner is read from the report when not given.
 */
export async function subscribedReports (tx: Transaction, reports: ReadonlyArray<{ kind: ReportKind, reportId: string, partnerId?: string }>): Promise<SubscribedReport[]> {
  if (reports.length === 0) return []
  const values = sql.join(reports.map((r) => sql`(${r.kind}::text, ${r.reportId}::uuid, ${r.partnerId ?? null}::uuid)`), sql`, `)
  const rows = rowsOf<{ kind: ReportKind, report_id: string, partner_id: string, score: number | null, band: WebhookBand | null }>(await tx.execute(sql`
    with reports as (
      select r.kind, r.report_id, coalesce(r.partner_id, n.partner_id, a.partner_id) as partner_id
      from (values ${values}) as r(kind, report_id, partner_id)
      left join red_notices n on r.partner_id is null and r.kind = 'red_notice' and n.id = r.report_id
      left join assurances a on r.partner_id is null and r.kind = 'assurance' and a.id = r.report_id
    ), subscribed as materialized (
      select * from reports v
      where v.partner_id is not null
        and exists (select 1 from webhooks w where w.partner_id = v.partner_id and w.deleted_at is null)
    )
    select v.kind, v.report_id, v.partner_id, s.score, s.band
    from subscribed v
    left join lateral (
      select score, band from scores
      where report_kind = v.kind and report_id = v.report_id and superseded_at is null
      order by scored_at desc limit 1
    ) s on true`))
  return rows.map((r) => ({ kind: r.kind, reportId: r.report_id, partnerId: r.partner_id, score: r.score, band: r.band }))
}

export async function findDelivery (tx: Transaction, webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
  const [row] = await tx.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)))
  return row ?? null
}

/** A new delivery of the same event (same payload), e.g. after the receiver lost it. */
export async function insertReplay (tx: Transaction, original: DeliveryRow): Promise<DeliveryRow> {
  const [row] = await tx.insert(webhookDeliveries).values({
    webhookId: original.webhookId,
    partnerId: original.partnerId,
    eventType: original.eventType,
    eventKey: original.eventKey,
    payload: original.payload,
    replayOf: original.id
  }).returning()
  return row!
}

/** A subscription's deliveries, newest first, keyset-paginated on (createdAt, id), each with its attempts. */
export async function listDeliveries (tx: Transaction, input: { webhookId: string, afterId?: string, limit: number }): Promise<Array<DeliveryRow & { attempts: AttemptRow[] }>> {
  const rows = await tx.select().from(webhookDeliveries).where(and(
    eq(webhookDeliveries.webhookId, input.webhookId),
    input.afterId === undefined ? undefined : sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (select created_at, id from webhook_deliveries where id = ${input.afterId})`
  )).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(input.limit)
  if (rows.length === 0) return []
  const attempts = await tx.select().from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id)))
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.attemptedAt))
  return rows.map((r) => ({ ...r, attempts: attempts.filter((a) => a.deliveryId === r.id) }))
}

/** What the delivery worker needs: the delivery and its subscription, deleted or not. */
export async function loadDeliveryForSending (tx: Transaction, deliveryId: string): Promise<{ delivery: DeliveryRow, webhook: WebhookRow } | null> {
  const [row] = await tx.select({ delivery: webhookDeliveries, webhook: webhooks }).from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId))
  return row ?? null
}

export async function recordAttempt (tx: Transaction, attempt: typeof webhookAttempts.$inferInsert): Promise<void> {
  await tx.insert(webhookAttempts).values(attempt)
}

export async function finishDelivery (tx: Transaction, deliveryId: string, status: 'succeeded' | 'failed' | 'cancelled'): Promise<void> {
  await tx.update(webhookDeliveries).set({ status, finishedAt: new Date() })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending')))
}

/** Pending deliveries in creation order, keyset-paginated on (createdAt, id) for the reconciler. */
export async function pendingDeliveries (tx: Transaction, input: { afterId?: string, limit: number }): Promise<string[]> {
  const rows = await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(and(
    eq(webhookDeliveries.status, 'pending'),
    input.afterId === undefined ? undefined : sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) > (select created_at, id from webhook_deliveries where id = ${input.afterId})`
  )).orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id)).limit(input.limit)
  return rows.map((r) => r.id)
}
