import { enqueuePendingRunItems, type ReconcileDeps } from './reconciler.ts'

export interface RunLauncher {
  /** Enqueues a committed run's chunk jobs in the background; the request that created it does not wait. */
  launch (runId: string): void
  /** Waits for launches in progress (app shutdown). */
  close (): Promise<void>
}

/**
 * A run over every report can hold millions of items: their chunk jobs (reconciler.ts) are enqueued
 * after the response. If the process dies or the queue is down meanwhile, nothing is lost: the reconciler
 * enqueues the pending items of every unfinished run.
 */
export function createRunLauncher (deps: ReconcileDeps): RunLauncher {
  const inFlight = new Set<Promise<void>>()
  return {
    launch (runId) {
      const task = enqueuePendingRunItems(deps, runId)
        .then((count) => deps.log.info({ runId, enqueued: count }, 'rescoring run enqueued'))
        .catch((err: unknown) => deps.log.warn({ err, runId }, 'could not enqueue the rescoring run now; the reconciler will'))
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
    },
    async close () {
      await Promise.all([...inFlight])
    }
  }
}
