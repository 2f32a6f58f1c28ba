import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { unscoredReports } from '../db/queries/reconcile.ts'
import { pendingRunChunks } from '../db/queries/rescoring-runs.ts'
import { RULESET_VERSION } from '../domain/index.ts'
import { pendingDeliveries } from '../db/queries/webhooks.ts'
import type { ScoringJob, ScoringQueue, WebhookQueue } from '../queue/types.ts'
import { RUN_CHUNK_SIZE } from './run-chunk.ts'
import { startAdoptionRunIfNeeded } from './ruleset-adoption.ts'

export interface ReconcileDeps {
  db: Database
  queue: ScoringQueue
  log: Logger
  /** Reports read and enqueued per step; each step is its own short transaction. */
  pageSize?: number
  /** When given, webhook deliveries still pending in the outbox are enqueued again too. */
  webhooks?: WebhookQueue
  /** Items per rescoring run chunk job (default RUN_CHUNK_SIZE). */
  runChunkSize?: number
}

export interface ReconcileResult { enqueued: number, retried: number, runItems: number, webhookDeliveries?: number }

/**
 * Derives the scoring work from the data, so nothing is lost with a queue (Redis down, flushed, a job
 * failed for good): every report whose current revision lacks a current score under RULESET_VERSION, and
 * every pending item of an unfinished rescoring run, is enqueued again. Job ids dedupe what is queued
 * already, so running this often, or on several replicas at once, only costs the queries.
 * A new RULESET_VERSION is picked up here without any other step: the first pass starts the tracked run that
 * rescores every report under it (ruleset-adoption.ts), whose chunks are enqueued below.
 */
export async function reconcileOnce (deps: ReconcileDeps): Promise<ReconcileResult> {
  const pageSize = deps.pageSize ?? 1000
  const result: ReconcileResult = { enqueued: 0, retried: 0, runItems: 0 }
  await startAdoptionRunIfNeeded(deps.db, deps.log)
  for (const kind of ['red_notice', 'assurance'] as const) {
    let after: string | undefined
    for (;;) {
      const page = await withContext(deps.db, SYSTEM_CONTEXT, (tx) => unscoredReports(tx, { kind, rulesetVersion: RULESET_VERSION, after, limit: pageSize }))
      if (page.length === 0) break
      const jobs = page.map((r): ScoringJob => ({ kind, reportId: r.reportId, revision: r.revision }))
      await deps.queue.enqueue(jobs)
      result.enqueued += jobs.length
      // Every unscored job, not only those whose failure was recorded: a job that stalled more than
      // maxStalledCount times (its workers killed while they held it) fails without the processor running.
      if (deps.queue.retryFailed !== undefined) result.retried += await deps.queue.retryFailed(jobs)
      after = page[page.length - 1]?.reportId
      if (page.length < pageSize) break
    }
  }
  result.runItems = await enqueuePendingRunItems(deps)
  if (deps.webhooks !== undefined) result.webhookDeliveries = await enqueuePendingDeliveries(deps.db, deps.webhooks, deps.pageSize ?? 1000)
  if (result.enqueued > 0 || result.runItems > 0 || (result.webhookDeliveries ?? 0) > 0) deps.log.info(result, 'reconciler enqueued unscored reports and pending deliveries')
  return result
}

/**
 * The webhook outbox's safety net: every delivery still pending (its enqueue after commit failed because
 * Redis was down, or the process died first) goes to the queue again. The job id is the delivery's, so one
 * already queued, waiting for its retry, or running is not doubled; one whose BullMQ job failed for good
 * while its row stayed pending (the process died between attempt and bookkeeping) is retried.
 */
export async function enqueuePendingDeliveries (db: Database, queue: WebhookQueue, pageSize: number): Promise<number> {
  let afterId: string | undefined
  let count = 0
  for (;;) {
    const ids = await withContext(db, SYSTEM_CONTEXT, (tx) => pendingDeliveries(tx, { afterId, limit: pageSize }))
    if (ids.length === 0) break
    const jobs = ids.map((deliveryId) => ({ deliveryId }))
    await queue.enqueue(jobs)
    if (queue.retryFailed !== undefined) await queue.retryFailed(jobs)
    count += ids.length
    afterId = ids[ids.length - 1]
    if (ids.length < pageSize) break
  }
  return count
}

/**
 * Enqueues the chunks of one run that still hold pending items (after it is created), or of every unfinished
 * run (reconciler): one job per RUN_CHUNK_SIZE items. The chunks are cut the same way each time, so a chunk
 * already queued or running is not doubled, and one whose job failed for good (its worker died with it in hand
 * too often) is put back to work. Returns how many pending items the chunks enqueued hold.
 */
export async function enqueuePendingRunItems (deps: ReconcileDeps, runId?: string): Promise<number> {
  const chunks = await withContext(deps.db, SYSTEM_CONTEXT, (tx) => pendingRunChunks(tx, { runId, size: deps.runChunkSize ?? RUN_CHUNK_SIZE }))
  const pageSize = deps.pageSize ?? 1000
  for (let i = 0; i < chunks.length; i += pageSize) {
    const jobs = chunks.slice(i, i + pageSize).map((c): ScoringJob => ({ kind: c.kind, reportId: c.from, revision: 0, runId: c.runId, through: c.through }))
    await deps.queue.enqueue(jobs)
    if (deps.queue.retryFailed !== undefined) await deps.queue.retryFailed(jobs)
  }
  return chunks.reduce((sum, c) => sum + c.pending, 0)
}

/**
 * Embedded mode's reconciler: a timer in the one process (PGlite has a single writer, so there is no other
 * replica to coordinate with). Runs once at start, then every intervalMs; a slow run is never overlapped.
 */
export function startReconcileTimer (deps: ReconcileDeps & {
  intervalMs: number
  /** Other upkeep on the same schedule (the statistics release); its failure does not stop the reconciler's. */
  alsoEachRun?: () => Promise<unknown>
}): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null
  let stopped = false
  const tick = (): void => {
    if (running !== null || stopped) return
    running = reconcileOnce(deps)
      .catch((err: unknown) => deps.log.warn({ err }, 'reconciler run failed; the next one retries'))
      .then(async () => { await deps.alsoEachRun?.() })
      .catch((err: unknown) => deps.log.warn({ err }, 'statistics refresh failed; the next run retries'))
      .finally(() => { running = null })
  }
  const timer = setInterval(tick, deps.intervalMs)
  timer.unref()
  setImmediate(tick)
  return {
    async stop () {
      stopped = true
      clearInterval(timer)
      await running
    }
  }
}
