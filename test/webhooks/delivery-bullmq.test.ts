/**
 * Production mode: reports are scored by a BullMQ scoring worker, which writes webhook deliveries to the
 * outbox with the score and hands them to the webhook queue; a BullMQ webhook worker signs and sends them
 * to receivers on loopback that verify with the standardwebhooks library.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqWebhookQueue, startWebhookWorker, type WebhookWorker } from '../../src/queue/bullmq-webhooks.ts'
import { BullmqScoringQueue, startScoringWorker, type ScoringWorker } from '../../src/queue/bullmq.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { createDeliveryHandler } from '../../src/webhooks/deliver.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { waitFor } from '../helpers/process.ts'
import { createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'
import { Receiver } from './receiver.ts'
import { deliveriesOf, fileReport, scoredBand, subscribe, TEST_WEBHOOK_ENV, verified } from './support.ts'

const log = createLogger('silent')

describe('webhooks over BullMQ (production mode)', () => {
  const settings = { url: inject('redisUrl'), prefix: `t${randomUUID().slice(0, 8)}` }
  let ctx: TestContext
  let producer: BullmqWebhookQueue
  let scoringWorker: ScoringWorker
  let webhookWorker: WebhookWorker
  let receiver: Receiver
  let admin: string

  beforeAll(async () => {
    receiver = await new Receiver().start()
    ctx = await createTestContext({
      env: TEST_WEBHOOK_ENV,
      queue: (_database, logger) => new BullmqScoringQueue(settings, logger),
      webhooks: (_database, logger) => new BullmqWebhookQueue(settings, { maxAttempts: 5, backoffBaseMs: 50 }, logger)
    })
    producer = new BullmqWebhookQueue(settings, { maxAttempts: ctx.config.webhooks.maxAttempts, backoffBaseMs: ctx.config.webhooks.backoffBaseMs }, log)
    const handlers = createScoringHandlers({ db: ctx.database.db, log, webhooks: producer })
    scoringWorker = startScoringWorker({ settings, concurrency: 4, handler: handlers.handle, log })
    webhookWorker = startWebhookWorker({
      settings,
      concurrency: ctx.config.webhooks.concurrency,
      handler: createDeliveryHandler({ db: ctx.database.db, keyring: ctx.secrets.keyring, log, settings: ctx.config.webhooks }),
      log
    })
    admin = await insertAdminKey(ctx)
  })
  afterAll(async () => {
    await webhookWorker.close(500)
    await scoringWorker.close(2000)
    await producer.raw.obliterate({ force: true }).catch(() => {})
    await producer.close()
    await ctx.close()
    await receiver.close()
  })

  it('delivers a signed score.band_raised within 2 s of the band rising to critical; the receiver verifies it with standardwebhooks', async () => {
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/critical'), minBand: 'critical' })
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    const reportId = await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Canarywebhook ${randomUUID()}` }))
    const scored = await scoredBand(ctx, reporter.token, reportId)
    expect(scored.band).toBe('critical')
    await waitFor(() => receiver.at('/critical').length > 0, 2000, 'the delivery within 2 s of the score')
    const [received] = receiver.at('/critical')
    const event = verified(hook.secret, received!)
    expect(event).toMatchObject({
      type: 'score.band_raised',
      data: { reportId, reportKind: 'red_notice', event: 'score.band_raised', oldBand: null, newBand: 'critical', oldScore: null, newScore: scored.score }
    })
    expect(received!.headers['webhook-id']).toMatch(/^msg_/)
    expect(() => verified(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, received!)).toThrow()
  })

  it('retries a receiver that answers 500 three times, then logs exactly one success after the 3 failed attempts', async () => {
    const reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/flaky', (n) => ({ status: n <= 3 ? 500 : 200 })), minBand: 'high' })
    await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Flaky ${randomUUID()}` }))
    await waitFor(async () => (await deliveriesOf(ctx, reporter.token, hook.id))[0]?.status === 'succeeded', 15_000, 'the delivery to succeed')
    const [delivery, ...others] = await deliveriesOf(ctx, reporter.token, hook.id)
    expect(others).toEqual([])
    expect(delivery!.attempts.map((a) => [a.attempt, a.outcome, a.statusCode, a.errorClass])).toEqual([
      [1, 'failed', 500, 'http_status'], [2, 'failed', 500, 'http_status'], [3, 'failed', 500, 'http_status'], [4, 'succeeded', 200, null]
    ])
    expect(receiver.at('/flaky')).toHaveLength(4)
    // Every retry is the same message: same id, a fresh valid signature.
    expect(new Set(receiver.at('/flaky').map((r) => r.headers['webhook-id'])).size).toBe(1)
    for (const r of receiver.at('/flaky')) expect(verified(hook.secret, r).type).toBe('score.band_raised')
  })

  it('a receiver that hangs for 10 s does not hold up a delivery to another receiver, which arrives within 2 s', async () => {
    const slow = await createPartnerWithKey(ctx, admin, 'reporter')
    const fast = await createPartnerWithKey(ctx, admin, 'reporter')
    await subscribe(ctx, slow.token, { url: receiver.url('/hang', () => ({ status: 200, hangMs: 10_000 })), minBand: 'high' })
    const fastHook = await subscribe(ctx, fast.token, { url: receiver.url('/fast'), minBand: 'high' })
    await fileReport(ctx, slow.token, chechenRedNotice({ fullName: `Slow ${randomUUID()}` }))
    // The hanging receiver has its request (and holds it) before the other event even exists.
    await waitFor(() => receiver.at('/hang').length > 0, 10_000, 'the hanging receiver to be called')
    const hangingSince = receiver.at('/hang')[0]!.at
    const reportId = await fileReport(ctx, fast.token, chechenRedNotice({ fullName: `Fast ${randomUUID()}` }))
    await scoredBand(ctx, fast.token, reportId)
    await waitFor(() => receiver.at('/fast').length > 0, 2000, 'the other receiver within 2 s')
    expect(receiver.at('/fast')[0]!.at - hangingSince).toBeLessThan(10_000)
    expect(verified(fastHook.secret, receiver.at('/fast')[0]!).data.reportId).toBe(reportId)
  })
})
