import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { COUNTRY_REFERENCE } from '../../src/domain/index.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { assuranceFacts, insertAssurance, insertRedNotice, redNoticeFacts, scoreRows } from './fixtures.ts'

describe('countries', () => {
  let ctx: TestContext
  let admin: string
  let reporter: { partnerId: string, token: string }

  beforeAll(async () => {
    ctx = await createTestContext({
      queue: (database, log) => new InProcessQueue({ handler: createScoringJobHandler({ db: database.db, log }), concurrency: 2, log })
    })
    admin = await insertAdminKey(ctx)
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
  })
  afterAll(async () => { await ctx.close() })

  const get = async (url: string, token = admin) => await ctx.app.inject({ method: 'GET', url, headers: bearer(token) })
  const put = async (code: string, payload: unknown, token = admin) => await ctx.app.inject({ method: 'PUT', url: `/v1/countries/${code}`, headers: bearer(token), payload: payload as object })
  const asInput = (country: Record<string, unknown>) => {
    const { code: _code, updatedAt: _updatedAt, ...input } = country
    return input
  }

  it('is seeded by the migrations with exactly the default reference data (196 states), readable by every role', async () => {
    const response = await get('/v1/countries', reporter.token)
    expect(response.statusCode).toBe(200)
    const items = response.json().items as Array<Record<string, unknown>>
    expect(items).toHaveLength(COUNTRY_REFERENCE.length)
    expect(items.map(({ updatedAt: _u, ...rest }) => rest)).toEqual([...COUNTRY_REFERENCE].sort((a, b) => a.code.localeCompare(b.code)))
    const ru = await get('/v1/countries/RU', reporter.token)
    expect(ru.json()).toMatchObject({ code: 'RU', echrParty: false, echrLeftOn: '2022-09-16' })
  })

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await get('/v1/countries/QQ')).statusCode).toBe(404)
    expect((await get('/v1/countries/ru')).statusCode).toBe(400)
  })

  it('accepts PUT from admins only, with a strict full-replacement body', async () => {
    const fr = asInput((await get('/v1/countries/FR')).json())
    expect((await put('FR', fr, reporter.token)).statusCode).toBe(403)
    const { notes: _notes, ...missing } = fr
    const incomplete = await put('FR', missing)
    expect(incomplete.statusCode).toBe(400)
    expect(incomplete.json().errors[0]).toMatchObject({ in: 'body' })
    expect((await put('FR', { ...fr, extra: true })).statusCode).toBe(400)
    expect((await put('FR', { ...fr, freedomScore: 101 })).statusCode).toBe(400)
    // Unchanged data: stored, audited, no rescoring.
    const same = await put('FR', fr)
    expect(same.statusCode).toBe(200)
    expect(same.json().rescoringRunId).toBeNull()
  })

  it('rescores the reports of a changed state through a tracked run, keeping the old scores as history', async () => {
    // Few case facts, so the country's part of the score is visible below the 100 cap.
    const inTr = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'TR', subject: {}, charges: [] }) })
    const inRu = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId, facts: redNoticeFacts({ requestingCountry: 'RU' }) })
    const givenByTr = await insertAssurance(ctx.database.db, { partnerId: reporter.partnerId, facts: assuranceFacts({ givingState: 'TR' }) })
    await ctx.queue.enqueue([
      { kind: 'red_notice', reportId: inTr.id, revision: 1 },
      { kind: 'red_notice', reportId: inRu.id, revision: 1 },
      { kind: 'assurance', reportId: givenByTr.id, revision: 1 }
    ])
    await (ctx.queue as InProcessQueue).drain()
    const before = (await get(`/v1/red-notices/${inTr.id}/score`)).json()

    const tr = asInput((await get('/v1/countries/TR')).json())
    const changed = await put('TR', { ...tr, echrParty: false, systematicTorture: true, interpolRestrictions: 'Test restriction' })
    expect(changed.statusCode).toBe(200)
    const runId = changed.json().rescoringRunId as string
    expect(runId).toEqual(expect.any(String))
    await waitFor(async () => (await get(`/v1/rescoring-runs/${runId}`)).json().status === 'finished', 10_000, 'rescoring run')
    expect((await get(`/v1/rescoring-runs/${runId}`)).json()).toMatchObject({ total: 2, done: 2, failed: 0, reason: 'country.updated', requestingCountry: 'TR', givingState: 'TR' })

    const after = (await get(`/v1/red-notices/${inTr.id}/score`)).json()
    expect(after.score).toBeGreaterThan(before.score)
    const history = (await get(`/v1/red-notices/${inTr.id}/scores`)).json().items
    expect(history).toHaveLength(2)
    expect(history[0]).toMatchObject({ current: true, supersededAt: null, changes: { fromRevision: 1, scoreDelta: after.score - before.score } })
    expect(history[0].changes.pointsDelta).toBeGreaterThan(0)
    expect(history[0].changes.indicatorsAdded).toContain('systematic-torture')
    expect(history[1]).toMatchObject({ current: false, supersededAt: expect.any(String) })
    // Other states' reports were not touched; the assurance given by TR was rescored.
    expect(await scoreRows(ctx.database.db, inRu.id)).toHaveLength(1)
    expect(await scoreRows(ctx.database.db, givenByTr.id)).toHaveLength(2)

    const audit = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) =>
      (await tx.execute(sql`select action, details from audit_events where action in ('country.updated', 'rescoring_run.created') order by id`) as unknown as { rows: Array<{ action: string, details: Record<string, unknown> }> }).rows)
    expect(audit.at(-1)).toMatchObject({ action: 'country.updated', details: { code: 'TR', rescoringRunId: runId } })
    expect(audit.at(-1)!.details.changed).toEqual(['echrParty', 'interpolRestrictions', 'systematicTorture'])
  })

  it('creates a state missing from the seed with 201', async () => {
    const xk = { ...asInput((await get('/v1/countries/RS')).json()), name: 'Kosovo' }
    const created = await put('XK', xk)
    expect(created.statusCode).toBe(201)
    expect((await get('/v1/countries/XK', reporter.token)).json()).toMatchObject({ code: 'XK', name: 'Kosovo' })
  })
})
