import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue, checkEvictionPolicy, startScoringWorker } from '../../src/queue/bullmq.ts'
import { PermanentJobError, scoringJobId, type ScoringJob } from '../../src/queue/types.ts'
import { LogCapture } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'

const log = createLogger('silent')

describe('BullMQ scoring queue on real Redis', () => {
  const prefix = `t-${randomUUID().slice(0, 8)}`
  const settings = { url: inject('redisUrl'), prefix }
  let queue: BullmqScoringQueue
  let redis: Redis
  beforeAll(() => {
    queue = new BullmqScoringQueue(settings, log)
    redis = new Redis(settings.url)
  })
  afterAll(async () => {
    await queue.raw.obliterate({ force: true })
    await queue.close()
    redis.disconnect()
  })

  it('delivers a job to a worker, with a payload of ids only, once per report revision', async () => {
    const received: ScoringJob[] = []
    const worker = startScoringWorker({ settings, concurrency: 2, log, handler: async (j) => { received.push(j) } })
    const job: ScoringJob = { kind: 'red_notice', reportId: randomUUID(), revision: 3 }
    await queue.enqueue([job, job])
    const deadline = Date.now() + 5000
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(received).toEqual([job])
    const stored = await queue.raw.getJob(`score-red_notice-${job.reportId}-r3`)
    expect(Object.keys(stored!.data).sort()).toEqual(['kind', 'reportId', 'revision'])
    await worker.close(5000)
  })

  it('sends jobs enqueued together to Redis in one round trip, and every one of them arrives', async () => {
    // A prefix of its own: these jobs stay waiting, and the worker tests below must not receive them.
    const batching = new BullmqScoringQueue({ ...settings, prefix: `${prefix}-batch` }, log)
    const addBulk = vi.spyOn(batching.raw, 'addBulk')
    const jobs: ScoringJob[] = Array.from({ length: 20 }, () => ({ kind: 'red_notice', reportId: randomUUID(), revision: 1 }))
    await Promise.all(jobs.map((job) => batching.enqueue([job])))
    expect(addBulk).toHaveBeenCalledTimes(1)
    for (const job of jobs) expect(await batching.raw.getJob(scoringJobId(job))).toBeDefined()
    await batching.raw.obliterate({ force: true })
    await batching.close()
  })

  it('sends a batch still waiting for its window before closing', async () => {
    const closing = new BullmqScoringQueue({ ...settings, prefix: `${prefix}-close` }, log)
    const job: ScoringJob = { kind: 'assurance', reportId: randomUUID(), revision: 2 }
    const pending = closing.enqueue([job])
    await closing.close()
    await pending
    const reader = new BullmqScoringQueue({ ...settings, prefix: `${prefix}-close` }, log)
    expect(await reader.raw.getJob(scoringJobId(job))).toBeDefined()
    await reader.raw.obliterate({ force: true })
    await reader.close()
  })

  it('lets the job in hand finish on close', async () => {
    let finished = false
    let started = false
    const worker = startScoringWorker({
      settings,
      concurrency: 1,
      log,
      handler: async () => { started = true; await new Promise((resolve) => setTimeout(resolve, 300)); finished = true }
    })
    await queue.enqueue([{ kind: 'assurance', reportId: randomUUID(), revision: 1 }])
    await waitFor(() => started, 5000, 'job started')
    await worker.close(5000)
    expect(finished).toBe(true)
  })

  it('fails a permanent error at once instead of retrying it', async () => {
    let attempts = 0
    const worker = startScoringWorker({ settings, concurrency: 1, log, handler: async () => { attempts++; throw new PermanentJobError('report is gone') } })
    const job: ScoringJob = { kind: 'red_notice', reportId: randomUUID(), revision: 1 }
    await queue.enqueue([job])
    const id = `score-red_notice-${job.reportId}-r1`
    const deadline = Date.now() + 5000
    while ((await queue.raw.getJobState(id)) !== 'failed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await queue.raw.getJobState(id)).toBe('failed')
    expect(attempts).toBe(1)
    await worker.close(5000)
  })

  it('enqueue fails fast when Redis is unreachable', async () => {
    const down = new BullmqScoringQueue({ url: 'redis://127.0.0.1:1', prefix }, log)
    const started = Date.now()
    await expect(down.enqueue([{ kind: 'red_notice', reportId: randomUUID(), revision: 1 }])).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(3000)
    await down.close()
  })

  it('warns loudly when the eviction policy is not noeviction', async () => {
    const logs = new LogCapture()
    const policy = await checkEvictionPolicy(redis, createLogger('warn', logs))
    if (policy === 'noeviction') expect(logs.lines).toEqual([])
    else expect(logs.text()).toContain('noeviction')
    const fake = { config: async () => ['maxmemory-policy', 'allkeys-lru'] } as unknown as Redis
    const captured = new LogCapture()
    expect(await checkEvictionPolicy(fake, createLogger('warn', captured))).toBe('allkeys-lru')
    expect(captured.text()).toContain('is not \\"noeviction\\"')
  })
})
