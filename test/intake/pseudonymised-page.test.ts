/**
 * A list page is written from the stored facts' own JSON text, not through the response schema's serializer
 * (red-notice-list.ts): passed on as it is to analysts and admins, parsed once and joined with its identities for the
 * reporting partner. Each item must still be exactly the report as a single read shows it (that read goes through
 * the pseudonymised or the partner's own schema), for reports filed with every identifying member, with free text that
 * JSON must escape, scored, withdrawn or erased, in every order and across pages.
 */
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { CHARGE_CATEGORIES, EVENT_TYPES, GROUNDS, MECHANISMS, NOTICE_STATUSES, POLITICAL_CONTEXT_TYPES, PROFILES, RULESET_VERSION, SOURCE_KINDS } from '../../src/domain/index.ts'
import { compileStrict } from '../../src/plugins/validation.ts'
import { RedNoticePageSchema, RedNoticePseudonymisedPageSchema } from '../../src/schemas/red-notices.ts'
import { EVENT_TYPES_WITH_GROUNDS } from '../../src/schemas/vocabularies.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

const country = fc.constantFrom('RU', 'TR', 'CN', 'FR', 'DE', 'BH')
const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2026-11-30'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
// Free text with what JSON escapes (quotes, backslashes, control characters) and what it need not (Cyrillic, U+2028).
const text = fc.constantFrom('Chechen', 'Чеченец', 'say "no"', 'back\\slash', 'tab\tand\nnewline', 'line\u2028separator', 'ö\u0001')
// Every identifying member carries this, so a leak shows in the page's text whatever member it came from.
const SECRET = 'Secret-Name-Зелимхан'

const event = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  date,
  country,
  grounds: fc.constantFrom(...GROUNDS)
}, { requiredKeys: ['type'] }).map((e) => {
  const { grounds, ...rest } = e
  const withGrounds = grounds !== undefined && (EVENT_TYPES_WITH_GROUNDS as readonly string[]).includes(e.type)
  return { ...rest, ...(withGrounds ? { grounds } : {}), note: `${SECRET} note` }
})

const report = fc.record({
  mechanism: fc.constantFrom(...MECHANISMS),
  requestingCountry: country,
  issuedOn: date,
  status: fc.constantFrom(...NOTICE_STATUSES),
  subject: fc.record({
    nationalities: fc.uniqueArray(country, { maxLength: 2 }),
    currentCountry: country,
    gender: fc.constantFrom('female', 'male'),
    ethnicity: text,
    religion: text,
    profiles: fc.uniqueArray(fc.constantFrom(...PROFILES), { maxLength: 3 }),
    asylum: fc.record({ status: fc.constantFrom('applied', 'recognized_refugee'), country, since: date }, { requiredKeys: ['status'] }),
    leftRequestingCountryOn: date,
    relativesPressured: fc.boolean()
  }, { requiredKeys: [] }),
  charges: fc.array(fc.record({ category: fc.constantFrom(...CHARGE_CATEGORIES), allegedOffenceDate: date, legalProvision: text }, { requiredKeys: ['category'] }), { maxLength: 3 }),
  events: fc.array(event, { maxLength: 4 }),
  sources: fc.array(fc.record({ kind: fc.constantFrom(...SOURCE_KINDS), date }, { requiredKeys: ['kind'] }), { maxLength: 2 }),
  politicalContext: fc.array(fc.record({ type: fc.constantFrom(...POLITICAL_CONTEXT_TYPES), date }, { requiredKeys: ['type'] }), { maxLength: 2 })
}, { requiredKeys: ['mechanism', 'requestingCountry', 'subject'] }).map((facts) => ({
  ...facts,
  interpolNoticeId: '2019/114539',
  subject: { ...facts.subject, fullName: SECRET, aliases: [`${SECRET} alias`], dateOfBirth: '1988-03-12', notes: `${SECRET} notes` },
  charges: facts.charges?.map((charge) => ({ ...charge, description: `${SECRET} charge` })),
  sources: facts.sources?.map((source) => ({ ...source, reference: `https://example.org/${SECRET}` }))
}))

describe('a pseudonymised list page written from the stored facts', () => {
  let ctx: TestContext
  let reporter: PartnerKey
  let admin: { token: string }
  let analyst: { token: string }
  const ids: string[] = []
  const isPseudonymisedPage = compileStrict(RedNoticePseudonymisedPageSchema)
  const isOwnPage = compileStrict(RedNoticePageSchema)

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Page NGO')
    analyst = await createKey(ctx, admin.token, (await seedAdmin(ctx, 'Second secretariat')).partnerId, 'analyst')
    for (const body of fc.sample(report, { numRuns: 24, seed: 41 })) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: body })
      expect(res.statusCode, res.body).toBe(201)
      ids.push(res.json().id)
    }
    // Scored, withdrawn and erased reports among them.
    for (const [i, id] of ids.slice(0, 8).entries()) {
      await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
        (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
        values ('red_notice', ${id}, ${reporter.partnerId}, 1, ${RULESET_VERSION}, ${10 * i}, ${i < 4 ? 'low' : 'high'}, ${10 * i}, '[]'::jsonb)`))
    }
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${ids[9]!}`, headers: bearer(reporter.token) })).statusCode).toBe(204)
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${ids[10]!}?erase=true`, headers: bearer(admin.token) })).statusCode).toBe(204)
  })
  afterAll(async () => { await ctx.close() })

  for (const role of ['analyst', 'admin', 'reporter'] as const) {
    it(`gives ${role === 'reporter' ? 'the reporting partner' : `${role}s`}, in every order and on every page, each report exactly as its single read does`, async () => {
      const token = role === 'analyst' ? analyst.token : role === 'admin' ? admin.token : reporter.token
      const isPage = role === 'reporter' ? isOwnPage : isPseudonymisedPage
      for (const sort of ['-createdAt', 'createdAt', '-score']) {
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const res = await ctx.app.inject({ url: `/v1/red-notices?sort=${sort}&limit=7${cursor === null ? '' : `&cursor=${cursor}`}`, headers: bearer(token) })
          expect(res.statusCode, res.body).toBe(200)
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
          if (role !== 'reporter') {
            expect(res.body).not.toContain('Secret-Name')
            expect(res.body).not.toContain('2019/114539')
          }
          const page = res.json() as { items: Array<{ id: string }>, nextCursor: string | null }
          expect(isPage(page), JSON.stringify(isPage.errors)).toBe(true)
          for (const item of page.items) {
            const single = await ctx.app.inject({ url: `/v1/red-notices/${item.id}`, headers: bearer(token) })
            expect(single.statusCode).toBe(200)
            expect(item).toStrictEqual(single.json())
            seen.push(item.id)
          }
          cursor = page.nextCursor
        } while (cursor !== null)
        expect(seen.sort()).toEqual([...ids].sort())
      }
    })
  }

  it('still gives the reporting partner its own reports with their identities', async () => {
    const res = await ctx.app.inject({ url: '/v1/red-notices?limit=100', headers: bearer(reporter.token) })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{ id: string, subject: { fullName?: string } }>
    expect(items.filter((item) => item.subject.fullName === SECRET)).toHaveLength(ids.length - 1)
  })
})
