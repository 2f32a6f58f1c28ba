import { MicroBatcher, type MicroBatchOptions } from '../batching/micro-batch.ts'
import type { BatchItem, Outcome, ScoringBatchHandler, ScoringJobHandler } from './types.ts'

/**
 * A job handler whose concurrent calls are scored together by the batch handler (micro-batch.ts); each call
 * still succeeds or throws on its own outcome. What the BullMQ worker and embedded mode's in-process queue run.
 */
export function batchedScoringHandler (scoreBatch: ScoringBatchHandler, options: MicroBatchOptions): ScoringJobHandler {
  const batcher = new MicroBatcher<BatchItem, Outcome>(scoreBatch, options)
  return async (job, meta) => {
    const outcome = await batcher.submit({ job, meta })
    if (!outcome.ok) throw outcome.error
  }
}
