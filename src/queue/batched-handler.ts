import { MicroBatcher, type MicroBatchOptions } from '../batching/micro-batch.ts'
import { isRunChunk, type BatchItem, type Outcome, type ScoringBatchHandler, type ScoringJobHandler } from './types.ts'

/**
 * A job handler whose concurrent calls are scored together by the batch handler (micro-batch.ts); each call
 * still succeeds or throws on its own outcome. What the BullMQ worker and embedded mode's in-process queue run.
 * A rescoring run's chunk job is a batch already: it goes to `single`, the one-job handler, on its own.
 */
export function batchedScoringHandler (scoreBatch: ScoringBatchHandler, options: MicroBatchOptions, single: ScoringJobHandler): ScoringJobHandler {
  const batcher = new MicroBatcher<BatchItem, Outcome>(scoreBatch, options)
  return async (job, meta) => {
    if (isRunChunk(job)) return await single(job, meta)
    const outcome = await batcher.submit({ job, meta })
    if (!outcome.ok) throw outcome.error
  }
}
