import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { PermanentJobError, type ScoringJob } from '../../src/queue/types.ts'

const job = (n: number): ScoringJob => ({ kind: 'red_notice', reportId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, revision: 1 })
const log = createLogger('silent')

describe('in-process scoring queue', () => {
  it('runs every job once, bounded by its concurrency', async () => {
    let running = 0
    let peak = 0
    const seen: string[] = []
    const queue = new InProcessQueue({
      concurrency: 2,
      log,
      handler: async (j) => {
        running++
        peak = Math.max(peak, running)
        await new Promise((resolve) => setTimeout(resolve, 5))
        seen.push(j.reportId)
        running--
      }
    })
    await queue.enqueue([job(1), job(2), job(3), job(4), job(5)])
    await queue.drain()
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5].map((n) => job(n).reportId))
    expect(peak).toBe(2)
    await queue.close()
  })

  it('ignores a job already waiting (same report and revision)', async () => {
    const seen: string[] = []
    const queue = new InProcessQueue({ concurrency: 1, log, handler: async (j) => { seen.push(j.reportId) } })
    await queue.enqueue([job(1), job(1), job(1)])
    await queue.drain()
    expect(seen).toHaveLength(1)
  })

  it('retries a failing job with backoff, then succeeds', async () => {
    const attempts: number[] = []
    const queue = new InProcessQueue({
      concurrency: 1,
      log,
      backoffBaseMs: 5,
      handler: async (_j, meta) => { attempts.push(meta.attempt); if (meta.attempt < 3) throw new Error('transient') }
    })
    await queue.enqueue([job(1)])
    await queue.drain()
    expect(attempts).toEqual([1, 2, 3])
    expect(await queue.backlog()).toBe(0)
  })

  it('does not retry a permanent failure, and gives up after the attempt limit', async () => {
    const attempts: Record<string, number> = {}
    const queue = new InProcessQueue({
      concurrency: 2,
      log,
      backoffBaseMs: 1,
      maxAttempts: 3,
      handler: async (j) => {
        attempts[j.reportId] = (attempts[j.reportId] ?? 0) + 1
        throw j.reportId === job(1).reportId ? new PermanentJobError('report is gone') : new Error('always')
      }
    })
    await queue.enqueue([job(1), job(2)])
    await queue.drain()
    expect(attempts[job(1).reportId]).toBe(1)
    expect(attempts[job(2).reportId]).toBe(3)
  })

  it('refuses new jobs once closed, after letting the job in hand finish', async () => {
    let finished = false
    const queue = new InProcessQueue({ concurrency: 1, log, handler: async () => { await new Promise((resolve) => setTimeout(resolve, 30)); finished = true } })
    await queue.enqueue([job(1)])
    await queue.close()
    expect(finished).toBe(true)
    await expect(queue.enqueue([job(2)])).rejects.toThrow('closed')
  })
})
