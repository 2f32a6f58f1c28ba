import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { BullmqScoringQueue, startScoringWorker } from '../../src/queue/bullmq.ts'
import type { ScoringBatchHandler, ScoringJob, ScoringJobHandler } from '../../src/queue/types.ts'

export interface DrainResult { name: string, seconds: number, rate: number, batch: string }

/**
 * Enqueues the jobs first, then times one scoring worker (the service's BullMQ code path) draining them, in a
 * queue of its own that is removed afterwards. With a no-op handler it is the bare baseline of the queue's cost.
 */
export async function measureQueueDrain (options: {
  name: string,
  redisUrl: string,
  concurrency: number,
  jobs: ScoringJob[],
  handler: ScoringJobHandler,
  batch?: { handler: ScoringBatchHandler, maxSize: number },
  log: Logger
}): Promise<DrainResult> {
  const { name, jobs, batch } = options
  const settings = { url: options.redisUrl, prefix: `bench-${randomBytes(4).toString('hex')}` }
  const queue = new BullmqScoringQueue(settings, options.log)
  try {
    for (let i = 0; i < jobs.length; i += 1000) await queue.enqueue(jobs.slice(i, i + 1000))
    let completed = 0
    let failed = 0
    const started = performance.now()
    const worker = startScoringWorker({ settings, concurrency: options.concurrency, handler: options.handler, ...(batch === undefined ? {} : { batch }), log: options.log })
    await new Promise<void>((resolve, reject) => {
      worker.worker.on('completed', () => { if (++completed === jobs.length) resolve() })
      worker.worker.on('failed', () => { if (++failed === 1) reject(new Error(`${name}: a job failed`)) })
    })
    const seconds = (performance.now() - started) / 1000
    await worker.close(5000)
    return { name, seconds, rate: jobs.length / seconds, batch: batch === undefined ? '-' : String(batch.maxSize) }
  } finally {
    await queue.raw.obliterate({ force: true })
    await queue.close()
  }
}
