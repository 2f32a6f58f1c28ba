import { randomUUID } from 'node:crypto'
import { Queue } from 'bullmq'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { createLogger } from '../../src/logger.ts'
import { BullmqWebhookQueue } from '../../src/queue/bullmq-webhooks.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { scoringJobId, SCORING_QUEUE, WEBHOOK_QUEUE, webhookJobId, type ScoringJob } from '../../src/queue/types.ts'
import { waitFor } from '../helpers/process.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'
import { removeQueueKeys } from '../processes/worker-helpers.ts'

const log = createLogger('silent')

/**
 * BullMQ's Queue keeps the promise of its first initialisation (ready, then an INFO for the version
 * check) for good: if that INFO fails, every later call on the queue rejects with the same error even
 * after Redis is back. A producer connection that gave up on the INFO while Redis was away (a restart,
 * a failover at the moment a process starts) left the API or the worker unable to enqueue until restarted.
 * These tests cut the connection exactly while that INFO is in flight and keep Redis away for a moment.
 */
describe('producer queues started while Redis goes away', () => {
  const target = new URL(inject('redisUrl'))
  const prefix = `t-${randomUUID().slice(0, 8)}`
  let proxy: TcpProxy | null = null
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    await proxy?.close()
    await removeQueueKeys(target.toString(), prefix)
  })

  /** A proxy that cuts every connection when the second INFO goes out (ioredis' ready check is the first). */
  async function proxyCuttingBullmqVersionCheck (): Promise<{ proxy: TcpProxy, cutDone: Promise<void> }> {
    let infos = 0
    let markCut = (): void => {}
    const cutDone = new Promise<void>((resolve) => { markCut = resolve })
    const started = await startTcpProxy({
      target: { host: target.hostname, port: Number(target.port) },
      onClientData: (chunk, p) => {
        if (!/\r\ninfo\r\n/i.test(chunk.toString('latin1'))) return
        if (++infos !== 2) return
        // server.close() waits for open connections: stop listening first, then cut them.
        const refused = p.refuse(true)
        p.cut()
        // Long enough for ioredis to fail its next connection attempts too.
        setTimeout(() => { refused.then(async () => { await p.refuse(false) }).then(markCut, markCut) }, 600)
      }
    })
    return { proxy: started, cutDone }
  }

  it('the scoring producer enqueues once Redis is back, without a restart', async () => {
    const started = await proxyCuttingBullmqVersionCheck()
    proxy = started.proxy
    const queue = new BullmqScoringQueue({ url: proxy.url(target.toString()), prefix }, log)
    closers.push(async () => await queue.close())
    await started.cutDone
    const job: ScoringJob = { kind: 'red_notice', reportId: randomUUID(), revision: 1 }
    await waitFor(async () => await queue.enqueue([job]).then(() => true, () => false), 10_000, 'an enqueue that succeeds')
    const reader = new Queue(SCORING_QUEUE, { connection: { url: target.toString() }, prefix })
    closers.push(async () => await reader.close())
    expect(await reader.getJob(scoringJobId(job))).toBeDefined()
  }, 20_000)

  it('the webhook producer enqueues once Redis is back, without a restart', async () => {
    const started = await proxyCuttingBullmqVersionCheck()
    proxy = started.proxy
    const queue = new BullmqWebhookQueue({ url: proxy.url(target.toString()), prefix }, { maxAttempts: 3, backoffBaseMs: 1000 }, log)
    closers.push(async () => await queue.close())
    await started.cutDone
    const job = { deliveryId: randomUUID() }
    await waitFor(async () => await queue.enqueue([job]).then(() => true, () => false), 10_000, 'an enqueue that succeeds')
    const reader = new Queue(WEBHOOK_QUEUE, { connection: { url: target.toString() }, prefix })
    closers.push(async () => await reader.close())
    expect(await reader.getJob(webhookJobId(job))).toBeDefined()
  }, 20_000)
})
