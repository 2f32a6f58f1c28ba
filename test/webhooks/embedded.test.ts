/**
 * Embedded mode: PGlite and the in-process queues, as `npm start` without DATABASE_URL and REDIS_URL runs
 * them. Also the outbox's promise: a delivery whose enqueue failed (the queue was down) is found and sent
 * by the reconciler, so an event is never lost.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { loadConfig } from '../../src/config.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { webhookJobId, type WebhookJob, type WebhookQueue } from '../../src/queue/types.ts'
import { createBatchedScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { reconcileOnce } from '../../src/scoring/reconciler.ts'
import { createDeliveryHandler } from '../../src/webhooks/deliver.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { waitFor } from '../helpers/process.ts'
import { createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'
import { Receiver } from './receiver.ts'
import { deliveriesOf, fileReport, scoredBand, subscribe, TEST_WEBHOOK_ENV, verified } from './support.ts'

/** A webhook queue that is down while `failing`, in front of the real in-process one. */
class FlakyWebhookQueue implements WebhookQueue {
  readonly transport = 'in-process' as const
  failing = false
  constructor (readonly inner: InProcessQueue<WebhookJob>) {}
  async enqueue (jobs: WebhookJob[]): Promise<void> {
    if (this.failing) throw new Error('queue down')
    await this.inner.enqueue(jobs)
  }

  async ping (): Promise<void> {}
  async backlog (): Promise<number> { return await this.inner.backlog() }
  async counts (): Promise<Record<string, number>> { return await this.inner.counts() }
  async close (): Promise<void> { await this.inner.close() }
}

describe('webhooks in embedded mode (PGlite, in-process queues)', () => {
  let ctx: TestContext
  let receiver: Receiver
  let webhooks: FlakyWebhookQueue
  let admin: string
  const config = loadConfig({ NODE_ENV: 'test', ...TEST_WEBHOOK_ENV })
  const secrets = loadCryptoSecrets(generateCryptoSecretsEnv())

  beforeAll(async () => {
    receiver = await new Receiver().start()
    ctx = await createTestContext({
      storage: 'pglite',
      env: TEST_WEBHOOK_ENV,
      secrets,
      webhooks: (database, log) => {
        webhooks = new FlakyWebhookQueue(new InProcessQueue<WebhookJob>({
          handler: createDeliveryHandler({ db: database.db, keyring: secrets.keyring, log, settings: config.webhooks }),
          concurrency: config.webhooks.concurrency,
          jobId: webhookJobId,
          name: 'webhook',
          maxAttempts: config.webhooks.maxAttempts,
          backoffBaseMs: config.webhooks.backoffBaseMs,
          log
        }))
        return webhooks
      },
      queue: (database, log) => new InProcessQueue({ handler: createBatchedScoringJobHandler({ db: database.db, log, webhooks }, { maxSize: 16 }), concurrency: 4, log })
    })
    admin = await insertAdminKey(ctx)
  })
  afterAll(async () => {
    await ctx.close()
    await receiver.close()
  })

  it('delivers a signed score.band_raised within 2 s of the band rising to critical', async () => {
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/embedded'), minBand: 'critical' })
    const reportId = await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Embedded ${randomUUID()}` }))
    expect((await scoredBand(ctx, reporter.token, reportId)).band).toBe('critical')
    await waitFor(() => receiver.at('/embedded').length > 0, 2000, 'the delivery within 2 s of the score')
    expect(verified(hook.secret, receiver.at('/embedded')[0]!).data).toMatchObject({ reportId, newBand: 'critical', event: 'score.band_raised' })
    const [delivery] = await deliveriesOf(ctx, reporter.token, hook.id)
    expect(delivery).toMatchObject({ status: 'succeeded', replayOf: null })
    expect(delivery!.attempts).toMatchObject([{ attempt: 1, outcome: 'succeeded', statusCode: 204, errorClass: null }])
    // Deliveries run inside the API in embedded mode, so its /metrics counts them.
    const metrics = await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${admin}` } })
    expect(Number(/^webhook_deliveries_total\{outcome="succeeded"\} (\d+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(1)
  })

  it('sends once per score, only to live subscriptions to that event', async () => {
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const auth = { authorization: `Bearer ${reporter.token}` }
    await subscribe(ctx, reporter.token, { url: receiver.url('/failures-only'), events: ['score.failed'] })
    const deleted = await subscribe(ctx, reporter.token, { url: receiver.url('/deleted'), minBand: 'low' })
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/webhooks/${deleted.id}`, headers: auth })).statusCode).toBe(204)
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/once'), minBand: 'high' })
    const listed = (await ctx.app.inject({ url: '/v1/webhooks', headers: auth })).json()
    expect(listed.items.map((w: { url: string }) => w.url).sort()).toEqual([receiver.url('/failures-only'), receiver.url('/once')].sort())
    expect(JSON.stringify(listed)).not.toContain('whsec_')

    const reportId = await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Once ${randomUUID()}` }))
    await scoredBand(ctx, reporter.token, reportId)
    await waitFor(() => receiver.at('/once').length > 0, 5000, 'the delivery')
    // The same job run again (a redelivered job) writes no new score, so no new event.
    const handler = createBatchedScoringJobHandler({ db: ctx.database.db, log: ctx.app.log as never, webhooks }, { maxSize: 16 })
    await handler({ kind: 'red_notice', reportId, revision: 1 }, { jobId: 'again', attempt: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(receiver.at('/once')).toHaveLength(1)
    expect(receiver.at('/deleted')).toHaveLength(0)
    expect(receiver.at('/failures-only')).toHaveLength(0)
    expect(await deliveriesOf(ctx, reporter.token, hook.id)).toHaveLength(1)
  })

  it('keeps the event when the queue is down at commit: the reconciler enqueues the pending delivery', async () => {
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/later'), minBand: 'high' })
    webhooks.failing = true
    try {
      const reportId = await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Later ${randomUUID()}` }))
      await scoredBand(ctx, reporter.token, reportId)
      expect(await deliveriesOf(ctx, reporter.token, hook.id)).toMatchObject([{ status: 'pending', attempts: [] }])
    } finally {
      webhooks.failing = false
    }
    const result = await reconcileOnce({ db: ctx.database.db, queue: new RecordingQueue(), webhooks, log: ctx.app.log as never })
    expect(result.webhookDeliveries).toBeGreaterThanOrEqual(1)
    await waitFor(() => receiver.at('/later').length > 0, 5000, 'the reconciled delivery')
    await waitFor(async () => (await deliveriesOf(ctx, reporter.token, hook.id))[0]?.status === 'succeeded', 5000, 'succeeded')
  })
})
