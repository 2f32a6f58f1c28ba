import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker } from '../../src/queue/bullmq.ts'
import { PermanentJobError, scoringJobId, type ScoringJob } from '../../src/queue/types.ts'
import { waitFor } from '../helpers/process.ts'

const log = createLogger('silent')

describe('BullMQ: jobs failed for good and the reconciler', () => {
  const settings = { url: inject('redisUrl'), prefix: `t${randomUUID().slice(0, 8)}` }
  const queue = new BullmqScoringQueue(settings, log)
  afterAll(async () => {
    await queue.raw.obliterate({ force: true })
    await queue.close()
  })

  it('re-adding a failed job is a no-op, retryFailed puts it back to work with fresh attempts', async () => {
    let fail = true
    const seen: ScoringJob[] = []
    const worker = startScoringWorker({
      settings, concurrency: 1, log, handler: async (job) => { seen.push(job); if (fail) throw new PermanentJobError('no') }
    })
    try {
      const job: ScoringJob = { kind: 'red_notice', reportId: randomUUID(), revision: 1 }
      await queue.enqueue([job])
      await waitFor(async () => await queue.raw.getJobState(scoringJobId(job)) === 'failed', 5000, 'failed')
      fail = false
      await queue.enqueue([job])
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(seen).toHaveLength(1)
      expect(await queue.retryFailed([job, { kind: 'red_notice', reportId: randomUUID(), revision: 1 }])).toBe(1)
      await waitFor(async () => await queue.raw.getJobState(scoringJobId(job)) === 'completed', 5000, 'completed')
      expect(seen).toHaveLength(2)
    } finally {
      await worker.close(5000)
    }
  })

  it('micro-batches the jobs that arrive while a batch runs into one handler call, each job completing on its own', async () => {
    const sizes: number[] = []
    const worker = startScoringWorker({
      settings,
      concurrency: 8,
      log,
      handler: async () => { throw new Error('the batch path should be used') },
      batch: {
        maxSize: 8,
        maxConcurrent: 1,
        handler: async (items) => {
          sizes.push(items.length)
          // A batch that takes a while, as a transaction does: the jobs fetched meanwhile gather for the next.
          await new Promise((resolve) => setTimeout(resolve, 50))
          return items.map((item) => item.job.revision === 2 ? { ok: false, error: new PermanentJobError('bad') } : { ok: true })
        }
      }
    })
    try {
      const jobs: ScoringJob[] = Array.from({ length: 16 }, (_, i) => ({ kind: 'red_notice', reportId: randomUUID(), revision: i === 3 ? 2 : 1 }))
      await queue.enqueue(jobs)
      const finished = async () => (await Promise.all(jobs.map(async (j) => await queue.raw.getJobState(scoringJobId(j))))).every((s) => s === 'completed' || s === 'failed')
      await waitFor(finished, 10_000, 'all finished')
      expect(await queue.raw.getJobState(scoringJobId(jobs[3]!))).toBe('failed')
      expect(await queue.raw.getJobState(scoringJobId(jobs[0]!))).toBe('completed')
      expect(Math.max(...sizes)).toBeGreaterThan(1)
    } finally {
      await worker.close(5000)
    }
  })
})
