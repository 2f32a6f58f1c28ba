import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, StorageBusyError, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { createLogger } from '../../src/logger.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

type NumberRows = { rows: Array<{ n: number }> }

/** Holds PGlite's one session in a transaction until release() is called. */
function holdSession (db: DatabaseHandle['db']): { started: Promise<void>, release: () => void, done: Promise<unknown> } {
  let release = (): void => {}
  let markStarted = (): void => {}
  const started = new Promise<void>((resolve) => { markStarted = resolve })
  const released = new Promise<void>((resolve) => { release = resolve })
  const done = withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.execute(sql`select 1`)
    markStarted()
    await released
  })
  return { started, release, done }
}

describe('embedded database under overload', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://', transactionWaitMs: 200 }, createLogger('silent'))
    await handle.migrate()
  })
  afterAll(async () => { await handle.close() })

  it('a transaction that cannot start within the wait fails with StorageBusyError; the session then serves again', async () => {
    const holder = holdSession(handle.db)
    await holder.started
    let holderFinished = false
    holder.done.then(() => { holderFinished = true }, () => {})
    const waiting = withContext(handle.db, SYSTEM_CONTEXT, async (tx) => await tx.execute(sql`select 2 as n`))
    await expect(waiting).rejects.toBeInstanceOf(StorageBusyError)
    expect(holderFinished, 'the busy session was still held when the waiter gave up').toBe(false)
    holder.release()
    await holder.done
    const after = await withContext(handle.db, SYSTEM_CONTEXT, async (tx) => await tx.execute(sql`select 3 as n`) as unknown as NumberRows)
    expect(after.rows[0]?.n).toBe(3)
  })

  it('transactions that find the session free within the wait all run, in turn', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await withContext(handle.db, SYSTEM_CONTEXT, async (tx) => (await tx.execute(sql`select ${i}::int as n`) as unknown as NumberRows).rows[0]?.n)))
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })
})

describe('embedded API while its database is busy', () => {
  let ctx: TestContext
  let analyst: string
  beforeAll(async () => {
    ctx = await createTestContext({ storage: 'pglite' })
    const admin = await seedAdmin(ctx)
    analyst = (await createPartner(ctx, admin.token, 'Analysts', 'analyst')).token
  })
  afterAll(async () => { await ctx.close() })

  it('answers 503 problem+json with Retry-After, no hang, then serves again once the session is free', async () => {
    const holder = holdSession(ctx.database.db)
    await holder.started
    const busy = await ctx.app.inject({ method: 'GET', url: '/v1/red-notices', headers: bearer(analyst) })
    holder.release()
    await holder.done
    expect(busy.statusCode).toBe(503)
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(busy.headers['retry-after']).toBe('5')
    expect(busy.json()).toMatchObject({ status: 503, title: 'Service Unavailable' })
    expect(busy.body).not.toMatch(/StorageBusy|stack|at /)
    const after = await ctx.app.inject({ method: 'GET', url: '/v1/red-notices', headers: bearer(analyst) })
    expect(after.statusCode).toBe(200)
  }, 15_000)
})
