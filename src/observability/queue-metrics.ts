import { Gauge, type Registry } from 'prom-client'
import type { ScoringQueue } from '../queue/types.ts'

/** Queue depth by state and the oldest waiting job's age, read from the transport at each scrape. */
export function registerQueueGauges (registry: Registry, queue: ScoringQueue): void {
  registry.registerMetric(new Gauge({
    name: 'scoring_queue_jobs',
    help: 'Scoring jobs by state',
    labelNames: ['queue', 'state'] as const,
    registers: [],
    async collect () {
      this.reset()
      try {
        for (const [state, count] of Object.entries(await queue.counts())) this.set({ queue: 'scoring', state }, count)
      } catch {
        // Redis down: the series disappears rather than lying with a zero.
      }
    }
  }))
  const oldestWaiting = queue.oldestWaitingMs?.bind(queue)
  if (oldestWaiting === undefined) return
  registry.registerMetric(new Gauge({
    name: 'scoring_queue_oldest_waiting_seconds',
    help: 'Age of the oldest scoring job still waiting for a worker (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [],
    async collect () {
      this.reset()
      try {
        this.set({ queue: 'scoring' }, ((await oldestWaiting()) ?? 0) / 1000)
      } catch {
        // Redis down: no series rather than a made-up age.
      }
    }
  }))
}
