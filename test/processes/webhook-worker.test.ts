/**
 * The real worker process (workers/index.ts) scores a report, records the webhook event with the score, and
 * delivers it signed with the secret the API sealed (both processes share ENCRYPTION_KEYS); a replay asked
 * of the API goes through Redis to the same worker.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadCryptoSecrets } from '../../src/crypto/index.ts'
import { BullmqWebhookQueue } from '../../src/queue/bullmq-webhooks.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { waitFor, type RunningProcess } from '../helpers/process.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'
import { Receiver } from '../webhooks/receiver.ts'
import { deliveriesOf, fileReport, subscribe, TEST_WEBHOOK_ENV, verified } from '../webhooks/support.ts'
import { removeQueueKeys, startWorker, workerEnv } from './worker-helpers.ts'

describe('webhook delivery by the worker process', () => {
  let testDb: TestDatabase
  let ctx: TestContext
  let receiver: Receiver
  let worker: RunningProcess
  let env: Record<string, string>

  beforeAll(async () => {
    receiver = await new Receiver().start()
    testDb = await createTestDatabase()
    env = workerEnv({ databaseUrl: testDb.url, redisUrl: inject('redisUrl'), extra: TEST_WEBHOOK_ENV })
    const settings = { url: env.REDIS_URL!, prefix: env.QUEUE_PREFIX! }
    ctx = await createTestContext({
      testDatabase: testDb,
      env: TEST_WEBHOOK_ENV,
      secrets: loadCryptoSecrets(env),
      queue: (_database, log) => new BullmqScoringQueue(settings, log),
      webhooks: (_database, log) => new BullmqWebhookQueue(settings, { maxAttempts: 5, backoffBaseMs: 50 }, log)
    })
    worker = await startWorker(env)
  }, 60_000)
  afterAll(async () => {
    worker?.child.kill('SIGKILL')
    await ctx.close()
    await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
    await testDb.drop()
    await receiver.close()
  })

  it('scores, delivers a verifiable event, replays it on request, and exits 0 on SIGTERM', async () => {
    const reporter = await createPartnerWithKey(ctx, await insertAdminKey(ctx), 'reporter')
    const hook = await subscribe(ctx, reporter.token, { url: receiver.url('/process'), minBand: 'critical' })
    const reportId = await fileReport(ctx, reporter.token, chechenRedNotice({ fullName: `Canaryprocess ${randomUUID()}` }))
    await waitFor(() => receiver.at('/process').length > 0, 15_000, 'the delivery from the worker process')
    expect(verified(hook.secret, receiver.at('/process')[0]!).data).toMatchObject({ reportId, newBand: 'critical' })

    const [delivery] = await deliveriesOf(ctx, reporter.token, hook.id)
    const replay = await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`, headers: bearer(reporter.token) })
    expect(replay.statusCode, replay.body).toBe(202)
    await waitFor(() => receiver.at('/process').length === 2, 15_000, 'the replay from the worker process')
    expect(verified(hook.secret, receiver.at('/process')[1]!).data).toMatchObject({ reportId })

    expect(worker.output()).not.toMatch(/canaryprocess|whsec_/i)
    expect((await worker.stop()).code).toBe(0)
  }, 60_000)
})
