/**
 * S15 (load shedding): when the event loop stalls past MAX_EVENT_LOOP_DELAY_MS, API requests are answered
 * at once with 503 problem+json and Retry-After, health routes keep answering, and service resumes when
 * the stall is over. The stall is made by blocking the event loop, as a runaway computation would.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESSURE_RETRY_AFTER_S } from '../../src/plugins/under-pressure.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { createWorld, expectProblem, type World } from '../security/support.ts'

function blockEventLoop (ms: number): void {
  const until = Date.now() + ms
  while (Date.now() < until) { /* a runaway computation */ }
}

describe('under pressure (S15)', () => {
  let ctx: TestContext
  let world: World
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { MAX_EVENT_LOOP_DELAY_MS: '200' } })
    // Compiling every route's schemas at start-up is itself a stall (not shed): wait until it is sampled away.
    await calm()
    world = await createWorld(ctx)
  })
  afterAll(async () => { await ctx.close() })

  /** Waits (bounded) until a sample has been taken and it shows no stall. */
  async function calm (): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const usage = ctx.app.memoryUsage()
      if (usage.rssBytes > 0 && usage.eventLoopDelay < 200) return
      await sleep(50)
    }
    throw new Error('the app stayed under pressure for 10 s')
  }

  const list = () => ctx.app.inject({ url: '/v1/red-notices', headers: bearer(world.a.token) })

  it('sheds API requests with 503 problem+json and Retry-After while the loop is stalled; health routes still answer', async () => {
    expect((await list()).statusCode).toBe(200)
    // A sustained stall: the delay is a mean over one-second samples, so one short block among many quick
    // ticks is diluted; back-to-back blocks make a whole sample stalled.
    for (let i = 0; i < 3; i++) {
      blockEventLoop(1200)
      await sleep(1)
    }
    // Poll (bounded) until the sample after the stall is taken.
    let shed = null
    for (let i = 0; i < 200 && shed === null; i++) {
      const res = await list()
      if (res.statusCode === 503) shed = res
      else { expect(res.statusCode).toBe(200); await sleep(10) }
    }
    expect(shed, 'no 503 after a 3.6 s stall with a 200 ms limit').not.toBeNull()
    const body = expectProblem(shed!, 503, 'under pressure')
    expect(body.title).toBe('Service Unavailable')
    expect(shed!.headers['retry-after']).toBe(String(PRESSURE_RETRY_AFTER_S))
    for (const url of ['/health/live', '/health/ready']) expect((await ctx.app.inject(url)).statusCode, url).toBe(200)
  })

  it('serves again once the stall is over', async () => {
    await calm()
    expect((await list()).statusCode).toBe(200)
  })
})
