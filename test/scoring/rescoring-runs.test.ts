import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { assurances } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { assuranceFacts, insertAssurance, insertRedNotice, redNoticeFacts, scoreRows } from './fixtures.ts'

describe('rescoring runs', () => {
  let ctx: TestContext
  let queue: RecordingQueue
  let admin: string
  let reporter: { partnerId: string, token: string }
  let handlers: ReturnType<typeof createScoringHandlers>
  const meta = { jobId: 't', attempt: 1 }

  beforeAll(async () => {
    queue = new RecordingQueue()
    ctx = await createTestContext({ queue })
    admin = await insertAdminKey(ctx)
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    handlers = createScoringHandlers({ db: ctx.database.db, log: createLogger('silent') })
  })
  afterAll(async () => { await ctx.close() })

  const post = async (payload?: object, token = admin) => await ctx.app.inject({ method: 'POST', url: '/v1/rescoring-runs', headers: bearer(token), ...(payload === undefined ? {} : { payload }) })
  const getRun = async (id: string, token = admin) => await ctx.app.inject({ method: 'GET', url: `/v1/rescoring-runs/${id}`, headers: bearer(token) })

  it('creates a scoped run, enqueues its items as one chunk job with the run id, and counts each report once', async () => {
    const a = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'KZ' }) })
    const b = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'KZ' }) })
    await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'UZ' }) })
    const created = await post({ requestingCountry: 'KZ' })
    expect(created.statusCode).toBe(202)
    const run = created.json()
    expect(created.headers.location).toBe(`/v1/rescoring-runs/${run.id}`)
    expect(run).toMatchObject({ status: 'running', total: 2, done: 0, failed: 0, reason: 'manual', requestingCountry: 'KZ', givingState: null })
    await waitFor(() => queue.jobs.filter((j) => j.runId === run.id).length === 1, 5000, 'run chunk enqueued')
    const jobs = queue.jobs.filter((j) => j.runId === run.id)
    const [first, last] = [a.id, b.id].sort()
    expect(jobs).toEqual([{ kind: 'red_notice', reportId: first, revision: 0, runId: run.id, through: last }])

    // Delivered twice (a stalled worker): progress still counts each report once.
    for (const job of [...jobs, ...jobs]) await handlers.handle(job, meta)
    const finished = (await getRun(run.id)).json()
    expect(finished).toMatchObject({ status: 'finished', total: 2, done: 2, failed: 0, finishedAt: expect.any(String) })
    for (const r of [a, b]) expect(await scoreRows(ctx.database.db, r.id)).toHaveLength(1)
  })

  it('counts a report that cannot be scored as failed, and finishes', async () => {
    await insertAssurance(ctx.database.db, { partnerId: reporter.partnerId, facts: assuranceFacts({ givingState: 'EG' }) })
    // A report without its revision row: the job finds nothing to score and fails for good.
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.insert(assurances).values({
      partnerId: reporter.partnerId, revision: 1, givingState: 'EG', receivingState: 'FR', facts: assuranceFacts({ givingState: 'EG' })
    }))
    const run = (await post({ givingState: 'EG' })).json()
    await waitFor(() => queue.jobs.filter((j) => j.runId === run.id).length === 1, 5000, 'run chunk enqueued')
    // The chunk succeeds: the report it cannot score is settled failed, the other done.
    for (const job of queue.jobs.filter((j) => j.runId === run.id)) await handlers.handle(job, meta)
    expect((await getRun(run.id)).json()).toMatchObject({ status: 'finished', total: 2, done: 1, failed: 1 })
  })

  it('accepts an empty body (every report), finishes at once when nothing is in scope, and is admin-only', async () => {
    const everything = await post()
    expect(everything.statusCode).toBe(202)
    expect(everything.json().total).toBeGreaterThanOrEqual(5)
    const empty = (await post({ requestingCountry: 'IS' })).json()
    expect(empty).toMatchObject({ status: 'finished', total: 0 })
    expect((await post({}, reporter.token)).statusCode).toBe(403)
    expect((await getRun(empty.id, reporter.token)).statusCode).toBe(403)
    expect((await getRun(randomUUID())).statusCode).toBe(404)
    expect((await post({ requestingCountry: 'kz' })).statusCode).toBe(400)
    expect((await post({ unknown: 1 })).statusCode).toBe(400)
  })
})
