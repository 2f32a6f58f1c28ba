import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { startWorkerMetricsServer } from '../../src/observability/worker-metrics-server.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample (text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('scoring metrics in the process that scores', () => {
  let ctx: TestContext
  let queue: InProcessQueue
  beforeAll(async () => {
    ctx = await createTestContext({
      queue: (database, log) => (queue = new InProcessQueue({ handler: createScoringHandlers({ db: database.db, log }).handle, concurrency: 2, log }))
    })
  })
  afterAll(async () => { await ctx.close() })

  it('embedded mode: /metrics shows jobs scored, batch durations and an empty queue after a short load', async () => {
    const admin = await seedAdmin(ctx)
    const scrape = async (): Promise<string> => (await ctx.app.inject({ url: '/metrics', headers: bearer(admin.token) })).body
    const before = sample(await scrape(), 'scoring_jobs_total{kind="red_notice",outcome="succeeded"}') ?? 0
    const reporter = await createPartner(ctx, admin.token, 'Metrics NGO')
    for (let i = 0; i < 4; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice({ fullName: `Scored Person ${i}` }) })
      expect(res.statusCode).toBe(201)
    }
    await queue.drain()
    const text = await scrape()
    expect(sample(text, 'scoring_jobs_total{kind="red_notice",outcome="succeeded"}')).toBeGreaterThanOrEqual(before + 4)
    expect(sample(text, 'scoring_batch_duration_seconds_count')).toBeGreaterThanOrEqual(4)
    expect(sample(text, 'scoring_batch_duration_seconds_sum')).toBeGreaterThan(0)
    expect(sample(text, 'scoring_job_wait_seconds_count')).toBeGreaterThanOrEqual(4)
    expect(sample(text, 'scoring_queue_oldest_waiting_seconds{queue="scoring"}')).toBe(0)
  })
})

describe('the worker metrics endpoint (WORKER_METRICS_PORT)', () => {
  it('serves queue depth and the oldest waiting job\'s age from BullMQ to METRICS_TOKEN, its health, and nothing else', async () => {
    const log = createLogger('silent')
    const queue = new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `wmetrics-${randomUUID().slice(0, 8)}` }, log)
    const token = randomUUID()
    let ready = false
    const server = await startWorkerMetricsServer({ host: '127.0.0.1', port: 0, queue, log, token, health: { ready: async () => ready } })
    try {
      await queue.enqueue([{ kind: 'red_notice', reportId: randomUUID(), revision: 1 }, { kind: 'assurance', reportId: randomUUID(), revision: 1 }])
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect((await fetch(server.url)).status).toBe(401)
      expect((await fetch(server.url, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401)
      const health = server.url.replace('/metrics', '/health/ready')
      expect((await fetch(health)).status).toBe(503)
      ready = true
      expect((await fetch(health)).status).toBe(200)
      expect((await fetch(server.url.replace('/metrics', '/health/live'))).status).toBe(200)
      const res = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/plain')
      const text = await res.text()
      expect(sample(text, 'scoring_queue_jobs{queue="scoring",state="waiting"}')).toBe(2)
      expect(sample(text, 'scoring_queue_oldest_waiting_seconds{queue="scoring"}')).toBeGreaterThan(0)
      expect(text).toContain('process_cpu_user_seconds_total')
      expect(text).toContain('# TYPE scoring_batch_duration_seconds histogram')
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404)
    } finally {
      await server.close()
      await queue.raw.obliterate({ force: true })
      await queue.close()
    }
  })
})
