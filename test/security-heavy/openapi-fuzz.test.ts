/**
 * S9 + S20 at full volume (docs/security.md §7): 10,000 invalid and 10,000 valid requests derived from the
 * committed OpenAPI document, spread evenly over every operation, each checked against the document, and
 * every read of a report matched with its audit row. `npm run test:security`; FUZZ_SEED to explore.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { loadOperations, openapiDocument } from '../security/openapi-fuzz.ts'
import { printFuzz, runOpenapiFuzz, seedPools, type FuzzOptions } from '../security/openapi-fuzz-run.ts'
import { createWorld, type World } from '../security/support.ts'

const TOTAL = Number(process.env.FUZZ_TOTAL ?? 10_000)
const perOperation = Math.ceil(TOTAL / loadOperations(openapiDocument()).length)
const OPTIONS: FuzzOptions = { seed: Number(process.env.FUZZ_SEED ?? 0x59), validPerOperation: perOperation, invalidPerOperation: perOperation }

describe('OpenAPI-driven fuzz, full volume (S9, S20)', () => {
  let ctx: TestContext
  let world: World
  beforeAll(async () => {
    // Plans are generated up front, synchronously: load shedding would read that stall as overload and answer
    // 503, which the fuzz is not about (it is tested in test/app/under-pressure.test.ts).
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0' } })
    world = await createWorld(ctx)
  })
  afterAll(async () => { await ctx.close() })

  it(`keeps every promise of the document for ${TOTAL} valid and ${TOTAL} invalid requests`, async () => {
    const pools = await seedPools(ctx, world)
    const result = await runOpenapiFuzz(ctx, world, pools, OPTIONS)
    printFuzz('heavy', result, OPTIONS)
    for (const failure of result.failures.slice(0, 50)) console.log(`  FAIL ${failure}`)
    expect(result.failures.length, result.failures.slice(0, 5).join('\n')).toBe(0)
    expect(result.valid.sent).toBeGreaterThanOrEqual(TOTAL)
    expect(result.invalid.sent).toBeGreaterThanOrEqual(TOTAL)
    expect(result.valid.byOperation.size).toBe(result.operations.length)
    expect(result.valid.byClass.get('2xx') ?? 0).toBeGreaterThan(result.valid.sent / 4)
    expect(result.audit.readsChecked).toBeGreaterThan(TOTAL / 20)
  }, 3_600_000)
})
