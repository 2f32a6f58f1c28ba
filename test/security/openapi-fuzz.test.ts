/**
 * S9 + S20, the sample that runs in `npm test`: a few seeded valid and invalid requests per operation of
 * the committed OpenAPI document (the full 10,000 + 10,000 run is test/security-heavy, `npm run test:security`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { loadOperations, openapiDocument } from './openapi-fuzz.ts'
import { printFuzz, runOpenapiFuzz, seedPools, type FuzzOptions } from './openapi-fuzz-run.ts'
import { createWorld, type World } from './support.ts'

const OPTIONS: FuzzOptions = { seed: Number(process.env.FUZZ_SEED ?? 0x0a9), validPerOperation: 6, invalidPerOperation: 6 }

describe('OpenAPI-driven fuzz, sample (S9, S20)', () => {
  let ctx: TestContext
  let world: World
  beforeAll(async () => {
    // Plans are generated up front, synchronously: load shedding would read that stall as overload and answer
    // 503, which the fuzz is not about (it is tested in test/app/under-pressure.test.ts).
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0' } })
    world = await createWorld(ctx)
  })
  afterAll(async () => { await ctx.close() })

  it('covers every operation of the document, each with the roles it names', () => {
    const operations = loadOperations(openapiDocument())
    expect(operations.length).toBeGreaterThanOrEqual(30)
    for (const op of operations) {
      expect(op.roles.length > 0 || op.path.startsWith('/health'), op.id).toBe(true)
      expect(Object.keys(op.responses).length, op.id).toBeGreaterThan(0)
    }
  })

  it('keeps every promise of the document for a seeded sample of valid and invalid requests', async () => {
    const pools = await seedPools(ctx, world)
    const result = await runOpenapiFuzz(ctx, world, pools, OPTIONS)
    printFuzz('sample', result, OPTIONS)
    expect(result.failures.slice(0, 15)).toEqual([])
    const operations = result.operations.length
    expect(result.valid.sent).toBe(operations * OPTIONS.validPerOperation)
    expect(result.invalid.sent).toBe(operations * OPTIONS.invalidPerOperation)
    // Every operation was reached, and valid requests did real work, not only 4xx.
    expect(result.valid.byOperation.size).toBe(operations)
    expect(result.valid.byClass.get('2xx') ?? 0).toBeGreaterThan(result.valid.sent / 4)
    expect(result.audit.readsChecked).toBeGreaterThan(10)
  })
})
