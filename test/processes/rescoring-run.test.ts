import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker, type ScoringWorker } from '../../src/queue/bullmq.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer, insertAdminKey } from '../scoring/api.ts'
import { insertManyRedNotices, insertPartner, redNoticeFacts } from '../scoring/fixtures.ts'

const REPORTS = 10_000
const COUNTRIES = ['RU', 'TR', 'CN', 'BY', 'TJ', 'FR', 'EG', 'IR']

describe('a rescoring run over 10,000 reports', () => {
  const log = createLogger('silent')
  const settings = { url: inject('redisUrl'), prefix: `t${randomUUID().slice(0, 8)}` }
  let ctx: TestContext
  let workerDb: DatabaseHandle
  let worker: ScoringWorker
  let admin: string

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new BullmqScoringQueue(settings, log) })
    admin = await insertAdminKey(ctx)
    const partnerId = await insertPartner(ctx.database.db)
    await insertManyRedNotices(ctx.database.db, partnerId, REPORTS, (i) => redNoticeFacts({ requestingCountry: COUNTRIES[i % COUNTRIES.length] }))
    // The worker has its own pool, as a worker process would.
    workerDb = await openTestDatabase(ctx.testDatabase!.url)
    const handlers = createScoringHandlers({ db: workerDb.db, log })
    worker = startScoringWorker({ settings, concurrency: 16, handler: handlers.handle, batch: { handler: handlers.scoreBatch, maxSize: 16 }, log })
  }, 60_000)
  afterAll(async () => {
    await worker.close(5000)
    await (ctx.queue as BullmqScoringQueue).raw.obliterate({ force: true })
    await ctx.close()
    await workerDb.close()
  })

  it('completes with visible progress, and every report ends with exactly one score under the run\'s version', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/v1/rescoring-runs', headers: bearer(admin) })
    expect(created.statusCode).toBe(202)
    const { id, total, rulesetVersion } = created.json()
    expect(total).toBe(REPORTS)

    const seen = new Set<number>()
    const started = Date.now()
    await waitFor(async () => {
      const run = (await ctx.app.inject({ method: 'GET', url: `/v1/rescoring-runs/${id}`, headers: bearer(admin) })).json()
      seen.add(run.done)
      return run.status === 'finished'
    }, 50_000, 'run finished')
    const seconds = (Date.now() - started) / 1000
    const run = (await ctx.app.inject({ method: 'GET', url: `/v1/rescoring-runs/${id}`, headers: bearer(admin) })).json()
    expect(run).toMatchObject({ status: 'finished', total: REPORTS, done: REPORTS, failed: 0, finishedAt: expect.any(String) })
    // Progress was observable between start and end.
    expect([...seen].filter((done) => done > 0 && done < REPORTS).length).toBeGreaterThan(0)

    const counts = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => (await tx.execute(sql`
      select count(*)::int as rows, count(distinct report_id)::int as reports from scores where ruleset_version = ${rulesetVersion}`) as unknown as { rows: Array<{ rows: number, reports: number }> }).rows[0])
    expect(counts).toEqual({ rows: REPORTS, reports: REPORTS })
    expect(seconds).toBeLessThan(50)
  }, 60_000)
})
