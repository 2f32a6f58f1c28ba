import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { SCORING_QUEUE, scoringJobId } from '../../src/queue/types.ts'
import { reconcileOnce } from '../../src/scoring/reconciler.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { waitFor } from '../helpers/process.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'
import { removeQueueKeys } from '../processes/worker-helpers.ts'

const SLOW_MS = 3000
const REPORTS = 20

/**
 * Redis that answers, slowly (a saturated network or an overloaded server): every byte between the API and
 * Redis waits SLOW_MS, longer than the enqueue's 2 s timeout. Filing must not wait for Redis, the late
 * enqueues must not double a job, and what timed out must reach the queue once through the reconciler.
 */
describe('Redis slower than the enqueue timeout', () => {
  const target = new URL(inject('redisUrl'))
  const prefix = `slow-${randomUUID().slice(0, 8)}`
  let proxy: TcpProxy
  let ctx: TestContext
  let reporter: string

  beforeAll(async () => {
    proxy = await startTcpProxy({ target: { host: target.hostname, port: Number(target.port) } })
    ctx = await createTestContext({ queue: (_database, log) => new BullmqScoringQueue({ url: proxy.url(target.toString()), prefix }, log) })
    const admin = await seedAdmin(ctx)
    reporter = (await createPartner(ctx, admin.token, 'Slow Redis NGO')).token
  }, 60_000)

  afterAll(async () => {
    proxy.delay(0)
    await ctx?.close()
    await proxy?.close()
    await removeQueueKeys(target.toString(), prefix)
  })

  it('files at once, logs the timed-out enqueues, and ends with exactly one job per report', async () => {
    proxy.delay(SLOW_MS)
    const started = Date.now()
    const answers = await Promise.all(Array.from({ length: REPORTS }, async (_, i) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(reporter), 'idempotency-key': randomUUID() }, payload: chechenRedNotice({ fullName: `Slow Person ${i}` }) })
      return { status: res.statusCode, id: (res.json() as { id?: string }).id, ms: Date.now() - started }
    }))
    const slowest = Math.max(...answers.map((a) => a.ms))
    // The enqueues time out after 2 s: each report is logged as left to the reconciler.
    await waitFor(() => ctx.logs.text().split('\n').filter((line) => line.includes('could not enqueue scoring')).length > 0, 10_000, 'the timed-out enqueues logged')
    const timedOut = ctx.logs.text().split('\n').filter((line) => line.includes('could not enqueue scoring')).length
    proxy.delay(0)
    // What was held on the wire drains first: the commands whose callers gave up may still land, and their
    // job ids make that harmless.
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS + 500))

    const ids = answers.map((a) => a.id!)
    const result = await reconcileOnce({ db: ctx.database.db, queue: ctx.queue, log: createLogger('silent') })
    const reader = new Queue(SCORING_QUEUE, { connection: { url: target.toString() }, prefix })
    try {
      const jobs = await reader.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'])
      const perReport = new Map<string, number>()
      for (const job of jobs) perReport.set(job.data.reportId as string, (perReport.get(job.data.reportId as string) ?? 0) + 1)
      console.log(`slow Redis (${SLOW_MS} ms per chunk): ${REPORTS} filings answered ${JSON.stringify([...new Set(answers.map((a) => a.status))])} within ${slowest} ms; ${timedOut} enqueues timed out and were logged; the reconciler enqueued ${result.enqueued}; jobs ${jobs.length}, reports with more than one ${[...perReport.values()].filter((n) => n > 1).length}`)
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: REPORTS }, () => 201))
      // Filing never waits for Redis: far from the 2 s enqueue timeout, let alone SLOW_MS.
      expect(slowest).toBeLessThan(SLOW_MS)
      expect(timedOut).toBeGreaterThan(0)
      for (const id of ids) expect(await reader.getJob(scoringJobId({ kind: 'red_notice', reportId: id, revision: 1 })), id).toBeDefined()
      expect(jobs.length).toBe(REPORTS)
      expect([...perReport.values()].every((n) => n === 1)).toBe(true)
    } finally {
      await reader.close()
    }
  }, 60_000)
})
