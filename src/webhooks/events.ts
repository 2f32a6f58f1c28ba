import type { Logger } from 'pino'
import type { Transaction } from '../db/context.ts'
import type { ReportKind } from '../db/queries/sql-helpers.ts'
import { BANDS, insertDeliveries, subscribedReports, type OutboxEvent, type SubscribedReport, type WebhookBand, type WebhookEvent } from '../db/queries/webhooks.ts'
import type { WebhookQueue } from '../queue/types.ts'

/**
 * The body every receiver gets (Standard Webhooks' `type`, `timestamp`, `data`). Ids, bands and scores
 * only: a receiver learns that a report of its own changed, never whom it is about. score.band_raised
 * bodies are built by `write_scores` (migration 0016) with the scores, in the same shape.
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

/** Before a batch of scores is written: the reports someone subscribed to, with the band they had. */
export async function bandsBeforeWrite (tx: Transaction, reports: ReadonlyArray<{ kind: ReportKind, reportId: string, partnerId?: string }>): Promise<Map<string, SubscribedReport>> {
  const rows = await subscribedReports(tx, reports)
  return new Map(rows.map((r) => [reportKey(r), r]))
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
