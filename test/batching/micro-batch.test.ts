import { describe, expect, it } from 'vitest'
import { MicroBatcher } from '../../src/batching/micro-batch.ts'
import { PermanentJobError, type BatchItem, type Outcome } from '../../src/queue/types.ts'
import { waitFor } from '../helpers/process.ts'

const item = (n: number): BatchItem => ({
  job: { kind: 'red_notice', reportId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, revision: 1 },
  meta: { jobId: `job-${n}`, attempt: 1 }
})
const ids = (items: readonly BatchItem[]): string[] => items.map((i) => i.meta.jobId)

/** A batch handler whose calls finish only when the test says so. */
function gatedHandler () {
  const calls: Array<{ items: readonly BatchItem[], finish: (outcomes?: Outcome[]) => void, fail: (err: Error) => void }> = []
  const handler = async (items: readonly BatchItem[]): Promise<Outcome[]> => await new Promise<Outcome[]>((resolve, reject) => {
    calls.push({ items, finish: (outcomes) => resolve(outcomes ?? items.map(() => ({ ok: true }))), fail: reject })
  })
  return { calls, handler }
}

const settle = async (): Promise<void> => { await new Promise((resolve) => setImmediate(resolve)) }

describe('micro-batches', () => {
  it('sends a lone job at once, and gathers the jobs that arrive while every slot is busy into the next batch', async () => {
    const { calls, handler } = gatedHandler()
    const batcher = new MicroBatcher(handler, { maxSize: 16, maxConcurrent: 1 })
    const first = batcher.submit(item(1))
    await settle()
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1']])

    const later = [2, 3, 4].map((n) => batcher.submit(item(n)))
    await settle()
    // The slot is busy: nothing else has started.
    expect(calls).toHaveLength(1)

    calls[0]!.finish()
    expect(await first).toEqual({ ok: true })
    await settle()
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1'], ['job-2', 'job-3', 'job-4']])
    calls[1]!.finish()
    expect(await Promise.all(later)).toEqual([{ ok: true }, { ok: true }, { ok: true }])
  })

  it('runs up to maxConcurrent batches side by side, none larger than maxSize', async () => {
    const { calls, handler } = gatedHandler()
    const batcher = new MicroBatcher(handler, { maxSize: 2, maxConcurrent: 2 })
    const outcomes = [1, 2, 3, 4, 5, 6, 7].map((n) => batcher.submit(item(n)))
    await settle()
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1', 'job-2'], ['job-3', 'job-4']])
    calls[1]!.finish()
    await settle()
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1', 'job-2'], ['job-3', 'job-4'], ['job-5', 'job-6']])
    calls[0]!.finish()
    calls[2]!.finish()
    await settle()
    expect(calls.map((c) => ids(c.items)).at(-1)).toEqual(['job-7'])
    calls[3]!.finish()
    expect(await Promise.all(outcomes)).toHaveLength(7)
  })

  it('starts the jobs gathered beside a running batch once they fill a batch or have waited maxWaitMs', async () => {
    const { calls, handler } = gatedHandler()
    const batcher = new MicroBatcher(handler, { maxSize: 3, maxConcurrent: 3, maxWaitMs: 60_000 })
    const outcomes = [batcher.submit(item(1))]
    await settle()
    outcomes.push(batcher.submit(item(2)), batcher.submit(item(3)))
    await settle()
    // A batch runs: the two jobs that arrived wait for company rather than start a transaction each.
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1']])
    outcomes.push(batcher.submit(item(4)))
    await settle()
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1'], ['job-2', 'job-3', 'job-4']])

    const soon = new MicroBatcher(handler, { maxSize: 16, maxConcurrent: 2, maxWaitMs: 1 })
    outcomes.push(soon.submit(item(5)))
    await settle()
    outcomes.push(soon.submit(item(6)), soon.submit(item(7)))
    await waitFor(async () => calls.length === 4, 5000, 'the second batch')
    expect(calls.map((c) => ids(c.items)).slice(2)).toEqual([['job-5'], ['job-6', 'job-7']])
    for (const call of calls) call.finish()
    expect(await Promise.all(outcomes)).toHaveLength(7)
  })

  it('gives each job its own outcome, and every caller of a failed batch the error', async () => {
    const { calls, handler } = gatedHandler()
    const batcher = new MicroBatcher(handler, { maxSize: 4, maxConcurrent: 1 })
    const a = [1, 2].map((n) => batcher.submit(item(n)))
    await settle()
    const gone = new PermanentJobError('report revision not found')
    calls[0]!.finish([{ ok: true }, { ok: false, error: gone }])
    expect(await Promise.all(a)).toEqual([{ ok: true }, { ok: false, error: gone }])

    const b = [3, 4].map((n) => batcher.submit(item(n)))
    await settle()
    const lost = new Error('connection lost')
    calls[1]!.fail(lost)
    expect(await Promise.allSettled(b)).toEqual([{ status: 'rejected', reason: lost }, { status: 'rejected', reason: lost }])
    // The batcher keeps working after a failed batch.
    const c = batcher.submit(item(5))
    await settle()
    calls[2]!.finish()
    expect(await c).toEqual({ ok: true })
  })
  it('with maxWaitMs 0, starts an item beside a running batch at once while a slot is free', async () => {
    const { calls, handler } = gatedHandler()
    const batcher = new MicroBatcher(handler, { maxSize: 16, maxConcurrent: 2, maxWaitMs: 0 })
    const outcomes = [batcher.submit(item(1))]
    await settle()
    outcomes.push(batcher.submit(item(2)), batcher.submit(item(3)))
    await settle()
    // The second slot takes what arrived at once; the next ones gather until a slot frees.
    expect(calls.map((c) => ids(c.items))).toEqual([['job-1'], ['job-2', 'job-3']])
    outcomes.push(batcher.submit(item(4)), batcher.submit(item(5)))
    await settle()
    expect(calls).toHaveLength(2)
    calls[0]!.finish()
    await settle()
    expect(calls.map((c) => ids(c.items)).at(-1)).toEqual(['job-4', 'job-5'])
    calls[1]!.finish()
    calls[2]!.finish()
    expect(await Promise.all(outcomes)).toHaveLength(5)
  })

  it('rejects the callers a handler gave no result for', async () => {
    const batcher = new MicroBatcher<number, number>(async (items) => items.slice(1), { maxSize: 4, maxConcurrent: 1 })
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)))
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    expect(results.slice(0, 2)).toEqual([{ status: 'fulfilled', value: 2 }, { status: 'fulfilled', value: 3 }])
  })
})
