import { Counter, Histogram, Registry } from 'prom-client'
import type { Outcome, ScoringBatchHandler } from '../queue/types.ts'

/**
 * The series of the background work (scoring, webhook deliveries), in the process that does it: the worker
 * in production (served on WORKER_METRICS_PORT), the API process in embedded mode (merged into its
 * /metrics). One registry per process, since the counters must outlive any one app instance.
 */
export const backgroundWorkRegistry = new Registry()

const batchDuration = new Histogram({
  name: 'scoring_batch_duration_seconds',
  help: 'Time to score one batch of jobs in one transaction (load, rules, write)',
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [backgroundWorkRegistry]
})
const batchSize = new Histogram({
  name: 'scoring_batch_jobs',
  help: 'Jobs per scoring batch',
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [backgroundWorkRegistry]
})
const jobWait = new Histogram({
  name: 'scoring_job_wait_seconds',
  help: 'From a job\'s enqueue to the start of its batch, first attempts only (queue wait, pickup and batch slot wait)',
  buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [backgroundWorkRegistry]
})
const jobs = new Counter({
  name: 'scoring_jobs_total',
  help: 'Scoring jobs handled, by report kind and outcome (succeeded, failed: retried by the queue or final)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [backgroundWorkRegistry]
})

/** The same handler, timed and counted; outcomes are passed through untouched. */
export function instrumentBatchScorer (handler: ScoringBatchHandler): ScoringBatchHandler {
  return async (items) => {
    const now = Date.now()
    for (const { meta } of items) {
      if (meta.attempt === 1 && meta.enqueuedAt !== undefined) jobWait.observe(Math.max(0, now - meta.enqueuedAt) / 1000)
    }
    const stop = batchDuration.startTimer()
    let outcomes: Outcome[]
    try {
      outcomes = await handler(items)
    } finally {
      stop()
      batchSize.observe(items.length)
    }
    items.forEach(({ job }, i) => {
      const outcome = outcomes[i]
      jobs.inc({ kind: job.kind, outcome: outcome === undefined || outcome.ok ? 'succeeded' : 'failed' })
    })
    return outcomes
  }
}
