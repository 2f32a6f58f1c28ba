/**
 * The webhook API's security promises: SSRF (subscription and delivery time), redirects not followed, no
 * identities in bodies or logs, replays, and partner isolation (another partner's webhook is a 404).
 */
import { randomUUID } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { webhooks as webhooksTable } from '../../src/db/schema.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { webhookJobId, type WebhookJob, type WebhookQueue } from '../../src/queue/types.ts'
import { createScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { createDeliveryHandler } from '../../src/webhooks/deliver.ts'
import { openWebhookSecret } from '../../src/webhooks/secret.ts'
import { postWebhook } from '../../src/webhooks/sender.ts'
import { checkTarget, isPublicAddress } from '../../src/webhooks/targets.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { canaryRedNotice, expectProblem } from '../security/support.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'
import { insertRedNotice, redNoticeFacts } from '../scoring/fixtures.ts'
import { Receiver } from './receiver.ts'
import { deliveriesOf, fileReport, subscribe, TEST_WEBHOOK_ENV, verified } from './support.ts'

describe('SSRF: webhook targets', () => {
  let ctx: TestContext
  let reporter: string
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await new Receiver().start()
    ctx = await createTestContext()
    expect(ctx.config.webhooks.allowPrivateTargets).toBe(false)
    reporter = (await createPartnerWithKey(ctx, await insertAdminKey(ctx), 'reporter')).token
  })
  afterAll(async () => {
    await ctx.close()
    await receiver.close()
  })

  it.each([
    'http://127.0.0.1/hook', 'http://[::1]/hook', 'http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/hook', 'https://127.0.0.1/hook', 'https://[::ffff:a9fe:a9fe]/', 'https://192.168.1.10/',
    'https://172.16.0.1/', 'https://100.64.0.1/', 'https://[fd00::1]/', 'https://[fe80::1]/', 'https://0.0.0.0/', 'https://[::]/',
    'https://224.0.0.1/', 'https://2130706433/', 'https://localhost/hook', 'http://93.184.215.14/plain-http',
    'https://user:password@93.184.215.14/', 'not a url'
  ])('refuses %s with a 400 naming /url', async (url) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(reporter), payload: { url, events: ['score.band_raised'] } })
    const problem = expectProblem(res, 400, url)
    expect(problem.errors).toEqual([{ pointer: '/url', message: expect.any(String) }])
  })

  it('accepts a public https address', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(reporter), payload: { url: 'https://93.184.215.14/hook', events: ['score.failed'] } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ minBand: 'high', events: ['score.failed'] })
  })

  it('stores the signing secret only encrypted, bound to its row', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(reporter), payload: { url: 'https://93.184.215.14/sealed', events: ['score.failed'] } })
    const { id, secret } = res.json() as { id: string, secret: string }
    const [row] = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(webhooksTable).where(eq(webhooksTable.id, id)))
    expect(JSON.stringify(row)).not.toContain(secret.slice('whsec_'.length, 20))
    expect(openWebhookSecret(ctx.secrets.keyring, id, row!)).toBe(secret)
    expect(() => openWebhookSecret(ctx.secrets.keyring, randomUUID(), row!)).toThrow()
    expect(ctx.logs.text()).not.toContain(secret)
  })

  it('checks every address a name resolves to', async () => {
    await expect(checkTarget('https://alerts.example.org/', false, async () => ['93.184.215.14', '10.1.2.3'])).rejects.toThrow(/private_address/)
    await expect(checkTarget('https://alerts.example.org/', false, async () => ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])).resolves.toBeInstanceOf(URL)
    expect(['8.8.8.8', '2001:4860:4860::8888'].every(isPublicAddress)).toBe(true)
    expect(['::ffff:10.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '255.255.255.255'].some(isPublicAddress)).toBe(false)
  })

  it('refuses at delivery time too, by literal address and through DNS (the connection never opens)', async () => {
    const port = new URL(receiver.url('/direct')).port
    for (const url of [receiver.url('/direct'), `http://localhost:${port}/resolved`]) {
      const result = await postWebhook({ url, body: '{}', headers: {}, timeoutMs: 2000, allowPrivateTargets: false })
      expect(result, url).toMatchObject({ ok: false, statusCode: null, errorClass: 'refused_target' })
    }
    // The same URLs work once private targets are allowed: the refusal above was the guard, not the network.
    expect(await postWebhook({ url: `http://localhost:${port}/resolved`, body: '{}', headers: {}, timeoutMs: 2000, allowPrivateTargets: true })).toMatchObject({ ok: true, statusCode: 204 })
    expect(receiver.received.map((r) => r.path)).toEqual(['/resolved'])
  })
})

describe('webhook deliveries: redirects, identities, replays, partner isolation', () => {
  let ctx: TestContext
  let receiver: Receiver
  let webhooks: WebhookQueue
  let admin: string
  let a: { partnerId: string, token: string }
  let b: { partnerId: string, token: string }
  const config = loadConfig({ NODE_ENV: 'test', ...TEST_WEBHOOK_ENV })

  beforeAll(async () => {
    receiver = await new Receiver().start()
    ctx = await createTestContext({
      env: TEST_WEBHOOK_ENV,
      webhooks: (database, log, secrets) => {
        webhooks = new InProcessQueue<WebhookJob>({
          handler: createDeliveryHandler({ db: database.db, keyring: secrets.keyring, log, settings: config.webhooks }),
          concurrency: 4,
          jobId: webhookJobId,
          name: 'webhook',
          maxAttempts: config.webhooks.maxAttempts,
          backoffBaseMs: config.webhooks.backoffBaseMs,
          log
        })
        return webhooks
      },
      queue: (database, log) => new InProcessQueue({ handler: createScoringJobHandler({ db: database.db, log, webhooks }), concurrency: 2, log })
    })
    admin = await insertAdminKey(ctx)
    a = await createPartnerWithKey(ctx, admin, 'reporter')
    b = await createPartnerWithKey(ctx, admin, 'reporter')
  })
  afterAll(async () => {
    await ctx.close()
    await receiver.close()
  })

  it('does not follow a redirect: each 3xx is a failed attempt, and the delivery ends failed', async () => {
    const hook = await subscribe(ctx, a.token, { url: receiver.url('/redirect', () => ({ status: 302, headers: { location: receiver.url('/redirect-target') } })) })
    await fileReport(ctx, a.token, canaryRedNotice(randomUUID().slice(0, 8)))
    await waitFor(async () => (await deliveriesOf(ctx, a.token, hook.id))[0]?.status === 'failed', 10_000, 'the delivery to fail')
    const [delivery] = await deliveriesOf(ctx, a.token, hook.id)
    expect(delivery!.attempts).toHaveLength(config.webhooks.maxAttempts)
    for (const attempt of delivery!.attempts) expect(attempt).toMatchObject({ outcome: 'failed', statusCode: 302, errorClass: 'redirect' })
    expect(receiver.at('/redirect')).toHaveLength(config.webhooks.maxAttempts)
    expect(receiver.at('/redirect-target')).toHaveLength(0)
  })

  it('sends ids, bands and scores, never identities (canary), and logs none either', async () => {
    const tag = `wh${randomUUID().slice(0, 8)}`
    const hook = await subscribe(ctx, a.token, { url: receiver.url('/canary'), minBand: 'low' })
    const reportId = await fileReport(ctx, a.token, canaryRedNotice(tag))
    await waitFor(() => receiver.at('/canary').length > 0, 10_000, 'the delivery')
    const [received] = receiver.at('/canary')
    expect(verified(hook.secret, received!).data.reportId).toBe(reportId)
    expect(Object.keys(JSON.parse(received!.body).data).sort()).toEqual(['event', 'newBand', 'newScore', 'oldBand', 'oldScore', 'reportId', 'reportKind', 'rulesetVersion'])
    const everything = `${received!.body}\n${JSON.stringify(received!.headers)}`
    for (const canary of [/canary/i, /1971-07-29/, new RegExp(tag), /Grozny/]) expect(everything).not.toMatch(canary)
    expect(ctx.logs.text()).not.toMatch(/canaryname|canarynotes|whsec_/i)
  })

  it('sends score.failed when the rules cannot score a report (a final failure), whatever minBand', async () => {
    const hook = await subscribe(ctx, a.token, { url: receiver.url('/failed'), events: ['score.failed'], minBand: 'critical' })
    const report = await insertRedNotice(ctx.database.db, { partnerId: a.partnerId, facts: redNoticeFacts({ charges: 42 }) })
    await ctx.queue.enqueue([{ kind: 'red_notice', reportId: report.id, revision: 1 }])
    await waitFor(() => receiver.at('/failed').length > 0, 10_000, 'the score.failed delivery')
    expect(verified(hook.secret, receiver.at('/failed')[0]!)).toMatchObject({
      type: 'score.failed',
      data: { reportId: report.id, reportKind: 'red_notice', event: 'score.failed', oldBand: null, newBand: null, oldScore: null, newScore: null }
    })
  })

  it('replays a delivery as a new one of the same event, with its own id and attempts', async () => {
    const hook = await subscribe(ctx, a.token, { url: receiver.url('/replay') })
    await fileReport(ctx, a.token, canaryRedNotice(randomUUID().slice(0, 8)))
    await waitFor(async () => (await deliveriesOf(ctx, a.token, hook.id))[0]?.status === 'succeeded', 10_000, 'the first delivery')
    const [original] = await deliveriesOf(ctx, a.token, hook.id)
    const res = await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/${original!.id}/replay`, headers: bearer(a.token) })
    expect(res.statusCode, res.body).toBe(202)
    expect(res.json()).toMatchObject({ replayOf: original!.id, status: 'pending', attempts: [] })
    await waitFor(() => receiver.at('/replay').length === 2, 5000, 'the replay')
    const [first, second] = receiver.at('/replay').map((r) => ({ id: r.headers['webhook-id'], event: verified(hook.secret, r) }))
    expect(second!.id).not.toBe(first!.id)
    expect(second!.event).toEqual(first!.event)
    const deliveries = await deliveriesOf(ctx, a.token, hook.id)
    expect(deliveries.map((d) => d.replayOf)).toEqual([original!.id, null])
  })

  it('answers another partner\'s webhook and delivery ids with the same 404 as missing ones, and changes nothing', async () => {
    const hook = await subscribe(ctx, a.token, { url: receiver.url('/isolated'), minBand: 'low' })
    await fileReport(ctx, a.token, canaryRedNotice(randomUUID().slice(0, 8)))
    await waitFor(async () => (await deliveriesOf(ctx, a.token, hook.id)).length > 0, 10_000, 'a delivery')
    const [delivery] = await deliveriesOf(ctx, a.token, hook.id)
    const shape = (res: LightMyRequestResponse) => ({ status: res.statusCode, type: res.headers['content-type'], body: { ...res.json() as object, instance: undefined } })
    const missing = randomUUID()
    for (const [method, foreign, unknown] of [
      ['GET', `/v1/webhooks/${hook.id}/deliveries`, `/v1/webhooks/${missing}/deliveries`],
      ['POST', `/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`, `/v1/webhooks/${missing}/deliveries/${randomUUID()}/replay`],
      ['POST', `/v1/webhooks/${randomUUID()}/deliveries/${delivery!.id}/replay`, `/v1/webhooks/${missing}/deliveries/${randomUUID()}/replay`],
      ['DELETE', `/v1/webhooks/${hook.id}`, `/v1/webhooks/${missing}`]
    ] as const) {
      const theirs = await ctx.app.inject({ method, url: foreign, headers: bearer(b.token) })
      expectProblem(theirs, 404, `${method} ${foreign} by B`)
      expect(shape(theirs)).toEqual(shape(await ctx.app.inject({ method, url: unknown, headers: bearer(b.token) })))
    }
    expect((await ctx.app.inject({ url: '/v1/webhooks', headers: bearer(b.token) })).json().items).toEqual([])
    // A's webhook is untouched and still A's: still listed, still one delivery (B's replay created none).
    expect((await ctx.app.inject({ url: '/v1/webhooks?limit=200', headers: bearer(a.token) })).json().items.map((w: { id: string }) => w.id)).toContain(hook.id)
    expect(await deliveriesOf(ctx, a.token, hook.id)).toHaveLength(1)
    // Beneath the API: analysts and admins, who read every report, do not see partners' subscriptions.
    for (const role of ['analyst', 'admin'] as const) {
      const [row] = await withContext(ctx.database.db, { role, partnerId: b.partnerId }, (tx) => tx.select({ n: count() }).from(webhooksTable))
      expect(row!.n, role).toBe(0)
    }
    const analyst = await createPartnerWithKey(ctx, admin, 'analyst')
    expectProblem(await ctx.app.inject({ url: '/v1/webhooks', headers: bearer(analyst.token) }), 403)
  })
})
