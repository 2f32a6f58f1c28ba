import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import type { ScoringBatchHandler, ScoringJobHandler, WebhookQueue } from '../queue/types.ts'
import { instrumentBatchScorer } from '../observability/scoring-metrics.ts'
import { createBatchScorer } from './score-batch.ts'

export interface ScoringHandlers {
  /** One job: what the in-process queue runs. Throws what the transport should retry (or not: PermanentJobError). */
  handle: ScoringJobHandler
  /** Many jobs in one transaction: what the BullMQ worker's micro-batches run. */
  scoreBatch: ScoringBatchHandler
}

export function createScoringHandlers (deps: { db: Database, log: Logger, maxAttempts?: number, webhooks?: WebhookQueue }): ScoringHandlers {
  const scoreBatch = instrumentBatchScorer(createBatchScorer(deps))
  return {
    scoreBatch,
    handle: async (job, meta) => {
      const [outcome] = await scoreBatch([{ job, meta }])
      if (outcome !== undefined && !outcome.ok) throw outcome.error
    }
  }
}

/** The single-job handler both entry points have always used (src/server.ts, workers/index.ts). */
export function createScoringJobHandler (deps: { db: Database, log: Logger, maxAttempts?: number, webhooks?: WebhookQueue }): ScoringJobHandler {
  return createScoringHandlers(deps).handle
}
