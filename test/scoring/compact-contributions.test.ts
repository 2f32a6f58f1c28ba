import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { writeScores } from '../../src/db/queries/scores.ts'
import { renderContributions, RULESET_VERSION, type StoredContribution } from '../../src/domain/index.ts'
import { factInWords } from '../../src/domain/evidence-words.ts'
import { createLogger } from '../../src/logger.ts'
import { createScoringHandlers } from '../../src/scoring/job-handler.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from './api.ts'
import { insertRedNotice, scoreRows } from './fixtures.ts'

// Scores store each contribution's fact, not its explanation (migration 0029); the API renders the
// explanation on read. Rows stored before keep their explanation and read as stored.
describe('compact contributions', () => {
  let ctx: TestContext
  let reporter: { partnerId: string, token: string }
  let handlers: ReturnType<typeof createScoringHandlers>
  const meta = { jobId: 't', attempt: 1 }

  beforeAll(async () => {
    ctx = await createTestContext()
    const admin = await insertAdminKey(ctx)
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    handlers = createScoringHandlers({ db: ctx.database.db, log: createLogger('silent') })
  })
  afterAll(async () => { await ctx.close() })

  const get = async (url: string) => await ctx.app.inject({ method: 'GET', url, headers: bearer(reporter.token) })
  const setContributions = async (reportId: string, contributions: unknown) => {
    await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
      await tx.execute(sql`update scores set contributions = ${JSON.stringify(contributions)}::jsonb where report_id = ${reportId}`)
    })
  }

  async function scored (): Promise<{ id: string, stored: StoredContribution[] }> {
    const report = await insertRedNotice(ctx.database.db, { partnerId: reporter.partnerId })
    await handlers.handle({ kind: 'red_notice', reportId: report.id, revision: 1 }, meta)
    const [row] = await scoreRows(ctx.database.db, report.id)
    return { id: report.id, stored: row!.contributions as unknown as StoredContribution[] }
  }

  it('stores the fact and renders the explanation on read, in the score and its history', async () => {
    const { id, stored } = await scored()
    expect(stored.length).toBeGreaterThan(0)
    for (const c of stored) expect(Object.keys(c).sort()).toEqual(['evidence', 'fact', 'indicatorId', 'points'])
    const expected = renderContributions('red_notice', RULESET_VERSION, stored)
    const score = (await get(`/v1/red-notices/${id}/score`)).json()
    expect(score.contributions).toEqual(expected)
    for (const [i, c] of expected.entries()) {
      expect(c.explanation.startsWith(`${factInWords(stored[i]!.fact)} `)).toBe(true)
      expect(c.explanation).toMatch(/ Facts read: /)
    }
    expect((await get(`/v1/red-notices/${id}/scores`)).json().items[0].contributions).toEqual(expected)
  })

  it('shows a score stored before compact storage with its stored explanation', async () => {
    const { id, stored } = await scored()
    const legacy = stored.map(({ fact, ...c }) => ({ ...c, explanation: `${fact} As it was written then.` }))
    await setContributions(id, legacy)
    expect((await get(`/v1/red-notices/${id}/score`)).json().contributions).toEqual(legacy)
    expect((await get(`/v1/red-notices/${id}/scores`)).json().items[0].contributions).toEqual(legacy)
  })

  it('leaves a score stored before compact storage alone when scoring again gives the same result', async () => {
    const { id, stored } = await scored()
    await setContributions(id, stored.map(({ fact, ...c }) => ({ ...c, explanation: `${fact} The catalogue's text.` })))
    await handlers.handle({ kind: 'red_notice', reportId: id, revision: 1 }, meta)
    expect((await scoreRows(ctx.database.db, id)).map((r) => r.superseded_at)).toEqual([null])

    // A different fact is a different result: superseded, and the new score stored compact.
    await setContributions(id, stored.map(({ fact, ...c }) => ({ ...c, explanation: `Not ${fact} The catalogue's text.` })))
    await handlers.handle({ kind: 'red_notice', reportId: id, revision: 1 }, meta)
    const rows = await scoreRows(ctx.database.db, id)
    expect(rows.map((r) => r.superseded_at === null)).toEqual([false, true])
    expect(rows[1]!.contributions).toEqual(stored)
  })

  it('reads a score of a ruleset version this build does not know without failing', async () => {
    const { id, stored } = await scored()
    await writeScores(ctx.database.db, [{
      kind: 'red_notice', reportId: id, partnerId: reporter.partnerId, revision: 1, rulesetVersion: '2999.1.1', score: 5, band: 'low', rawTotal: 5, contributions: stored
    }])
    const history = await get(`/v1/red-notices/${id}/scores`)
    expect(history.statusCode).toBe(200)
    const unknown = history.json().items.find((s: { rulesetVersion: string }) => s.rulesetVersion === '2999.1.1')
    expect(unknown.contributions).toEqual(renderContributions('red_notice', RULESET_VERSION, stored))
  })
})
