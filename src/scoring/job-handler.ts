import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import { batchedScoringHandler } from '../queue/batched-handler.ts'
import { isRunChunk, type ScoringBatchHandler, type ScoringJobHandler, type WebhookQueue } from '../queue/types.ts'
import { instrumentBatchScorer } from '../observability/scoring-metrics.ts'
import { createRunChunkScorer, type ChunkTimings } from './run-chunk.ts'
import { createBatchScorer } from './score-batch.ts'

export interface ScoringHandlers {
  /**
   * One job: what the in-process queue runs, and what the BullMQ worker runs for a rescoring run's chunk
   * job (a chunk is its own batch). Throws what the transport should retry (or not: PermanentJobError).
   */
  handle: ScoringJobHandler
  /** Many report jobs in one transaction: what the BullMQ worker's micro-batches run. */
  scoreBatch: ScoringBatchHandler
}

type HandlerDeps = { db: Database, log: Logger, maxAttempts?: number, webhooks?: WebhookQueue, onChunk?: (timings: ChunkTimings) => void, chunksAtOnce?: number }

export function createScoringHandlers (deps: HandlerDeps): ScoringHandlers {
  const scoreBatch = instrumentBatchScorer(createBatchScorer(deps))
  const scoreChunk = createRunChunkScorer(deps)
  return {
    scoreBatch,
    handle: async (job, meta) => {
      if (isRunChunk(job)) return await scoreChunk(job, meta)
      const [outcome] = await scoreBatch([{ job, meta }])
      if (outcome !== undefined && !outcome.ok) throw outcome.error
    }
  }
}

/** One job scored on its own (each call its own batch of one). */
export function createScoringJobHandler (deps: HandlerDeps): ScoringJobHandler {
  return createScoringHandlers(deps).handle
}

/**
 * Embedded mode's handler: the in-process queue runs jobs one by one in concurrent slots, and these are
 * scored together in micro-batches of up to maxSize, one at a time (PGlite is one session), as the BullMQ
 * worker's are: two statements for a batch instead of two per report.
 */
export function createBatchedScoringJobHandler (deps: HandlerDeps, options: { maxSize: number }): ScoringJobHandler {
  const { scoreBatch, handle } = createScoringHandlers(deps)
  if (options.maxSize <= 1) return handle
  return batchedScoringHandler(scoreBatch, { maxSize: options.maxSize, maxConcurrent: 1 }, handle)
}
