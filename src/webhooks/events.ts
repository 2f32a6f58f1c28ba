import type { Logger } from 'pino'
import type { Transaction } from '../db/context.ts'
import type { NewScore } from '../db/queries/scores.ts'
import type { ReportKind } from '../db/queries/sql-helpers.ts'
import { BANDS, insertDeliveries, subscribedReports, type OutboxEvent, type SubscribedReport, type WebhookBand, type WebhookEvent } from '../db/queries/webhooks.ts'
import type { WebhookQueue } from '../queue/types.ts'

/**
 * The body every receiver gets (Standard Webhooks' `type`, `timestamp`, `data`). Ids, bands and scores
 * only: a receiver learns that a report of its own changed, never whom it is about.
 */
export interface WebhookBody {
  type: WebhookEvent
  timestamp: string
  data: {
    reportId: string
    reportKind: ReportKind
    event: WebhookEvent
    oldBand: WebhookBand | null
    newBand: WebhookBand | null
    oldScore: number | null
    newScore: number | null
    rulesetVersion: string
  }
}

const rank = (band: WebhookBand | null): number => band === null ? -1 : BANDS.indexOf(band)
const reportKey = (r: { kind: string, reportId: string }): string => `${r.kind}/${r.reportId}`

export type WrittenScore = Omit<NewScore, 'rawTotal' | 'contributions'> & {
  /** The inserted score row: a rescoring that changes the band again is another event. */
  scoreId: string
}

/** Before a batch of scores is written: the reports someone subscribed to, with the band they had. */
export async function bandsBeforeWrite (tx: Transaction, reports: ReadonlyArray<{ kind: ReportKind, reportId: string, partnerId?: string }>): Promise<Map<string, SubscribedReport>> {
  const rows = await subscribedReports(tx, reports)
  return new Map(rows.map((r) => [reportKey(r), r]))
}

/** Outbox rows for the scores just written whose band rose: in the score's transaction. Returns delivery ids. */
export async function recordBandRaised (tx: Transaction, written: readonly WrittenScore[], before: Map<string, SubscribedReport>): Promise<string[]> {
  const timestamp = new Date().toISOString()
  const events: OutboxEvent[] = []
  for (const s of written) {
    const old = before.get(reportKey(s))
    if (old === undefined || rank(s.band) <= rank(old.band)) continue
    const body: WebhookBody = {
      type: 'score.band_raised',
      timestamp,
      data: { reportId: s.reportId, reportKind: s.kind, event: 'score.band_raised', oldBand: old.band, newBand: s.band, oldScore: old.score, newScore: s.score, rulesetVersion: s.rulesetVersion }
    }
    events.push({ partnerId: s.partnerId, type: 'score.band_raised', key: `band_raised/${s.kind}/${s.reportId}/${s.scoreId}`, oldRank: rank(old.band), newRank: rank(s.band), payload: body })
  }
  return await insertDeliveries(tx, events)
}

export interface FinalFailure { kind: ReportKind, reportId: string, revision: number, rulesetVersion: string }

/** Outbox rows for scorings that failed for good: once per report revision and ruleset. Returns delivery ids. */
export async function recordScoreFailed (tx: Transaction, failures: readonly FinalFailure[]): Promise<string[]> {
  if (failures.length === 0) return []
  const subscribed = await bandsBeforeWrite(tx, failures)
  const timestamp = new Date().toISOString()
  const events: OutboxEvent[] = []
  for (const f of failures) {
    const current = subscribed.get(reportKey(f))
    if (current === undefined) continue
    const body: WebhookBody = {
      type: 'score.failed',
      timestamp,
      data: { reportId: f.reportId, reportKind: f.kind, event: 'score.failed', oldBand: current.band, newBand: null, oldScore: current.score, newScore: null, rulesetVersion: f.rulesetVersion }
    }
    events.push({ partnerId: current.partnerId, type: 'score.failed', key: `failed/${f.kind}/${f.reportId}/r${f.revision}/${f.rulesetVersion}`, oldRank: rank(current.band), newRank: -1, payload: body })
  }
  return await insertDeliveries(tx, events)
}

/**
 * After commit: hands the new deliveries to the queue. A failure here loses nothing (the rows are pending
 * and the reconciler enqueues them), so it is logged, not thrown.
 */
export async function enqueueDeliveries (queue: WebhookQueue | undefined, ids: readonly string[], log: Logger): Promise<void> {
  if (queue === undefined || ids.length === 0) return
  try {
    await queue.enqueue(ids.map((deliveryId) => ({ deliveryId })))
  } catch (err) {
    log.warn({ err, deliveries: ids.length }, 'could not enqueue webhook deliveries; the reconciler will')
  }
}
