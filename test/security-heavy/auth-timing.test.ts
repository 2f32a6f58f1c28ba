/**
 * S14's timing comparison (docs/security.md §7): a request with a real key id and a wrong secret must not
 * be told apart by its response time from one with an unknown key id, or an attacker could enumerate key
 * ids. 2,000 samples of each, interleaved pair by pair in a seeded random order (so drift on a shared
 * machine hits both alike), timed with process.hrtime around the whole request through the app; two-sample
 * Kolmogorov–Smirnov, p must exceed 0.01. Nothing is trimmed: every sample goes into the test, and the
 * statistic, p-value and quartiles are printed. The 200 warm-up requests before sampling are not timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateApiKey } from '../../src/crypto/index.ts'
import { bearer, createKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { ksTwoSample } from '../security/kolmogorov-smirnov.ts'
import { createWorld, expectProblem, type World } from '../security/support.ts'

const SAMPLES = Number(process.env.TIMING_SAMPLES ?? 2000)
const WARM_UP = 200

let address = 0
/** Every request from an address of its own: the per-address failure limit (429) must not cut in. */
const nextAddress = () => `10.77.${(++address >> 8) & 255}.${address & 255}`

function quartiles (values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))]! / 1000).toFixed(0)
  return `p25 ${at(0.25)} µs, p50 ${at(0.5)} µs, p75 ${at(0.75)} µs, p99 ${at(0.99)} µs`
}

describe('authentication timing (S14)', () => {
  let ctx: TestContext
  let world: World
  /** Real key ids to present with wrong secrets: failures are also limited per presented key id (50 a minute). */
  const realKeyIds: string[] = []
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { LOG_LEVEL: 'silent' } })
    world = await createWorld(ctx)
    for (let i = 0; i < Math.ceil((SAMPLES + WARM_UP) / 40); i++) {
      const { token } = await createKey(ctx, world.admin.token, world.a.partnerId, 'reporter')
      realKeyIds.push(/^rnm_([0-9a-f]{32})_/.exec(token)![1]!)
    }
  }, 120_000)
  afterAll(async () => { await ctx.close() })

  it(`a wrong secret for a real key id and an unknown key id take the same time (KS over ${SAMPLES} samples each)`, async () => {
    let presented = 0
    const wrongSecret = () => `rnm_${realKeyIds[presented++ % realKeyIds.length]!}_${generateApiKey().secret}`
    const unknownId = () => generateApiKey().token
    const time = async (token: string): Promise<number> => {
      const headers = bearer(token)
      const remoteAddress = nextAddress()
      const start = process.hrtime.bigint()
      const res = await ctx.app.inject({ url: '/v1/red-notices', headers, remoteAddress })
      const elapsed = Number(process.hrtime.bigint() - start)
      expectProblem(res, 401, 'timing sample')
      return elapsed
    }
    for (let i = 0; i < WARM_UP; i++) await time(i % 2 === 0 ? wrongSecret() : unknownId())

    const known: number[] = []
    const unknown: number[] = []
    let state = 0x5eed
    for (let i = 0; i < SAMPLES; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      // Each pair in a random order, so neither kind always runs first after the other.
      if (state & 1) {
        known.push(await time(wrongSecret()))
        unknown.push(await time(unknownId()))
      } else {
        unknown.push(await time(unknownId()))
        known.push(await time(wrongSecret()))
      }
    }
    const result = ksTwoSample(known, unknown)
    console.log(`[S14 timing] ${SAMPLES} + ${SAMPLES} samples (after ${WARM_UP} untimed warm-up requests), none trimmed\n` +
      `  real id, wrong secret: ${quartiles(known)}\n` +
      `  unknown id:            ${quartiles(unknown)}\n` +
      `  two-sample KS: D = ${result.d.toFixed(4)}, p = ${result.p.toPrecision(3)} (pass: p > 0.01)`)
    expect(result.p).toBeGreaterThan(0.01)
  }, 600_000)
})
