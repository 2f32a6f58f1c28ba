import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { auditEvents } from '../../src/db/schema.ts'
import { listIndicators, RULESET_VERSION } from '../../src/domain/index.ts'
import { csvField, EXPORT_COLUMNS } from '../../src/intake/red-notice-export.ts'
import { negotiateExportFormat } from '../../src/routes/v1/exports.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'

type Body = ReturnType<typeof chechenRedNotice>
interface Row { id: string, subjectId: string, createdAt: string, requestingCountry: string, mechanism: string, status: string | null, profiles: string[], chargeCategories: string[], score: number | null, band: string | null, topIndicators: string[], topIndicatorTitles: string[] }

/** RFC 4180, strictly: CRLF record ends, quoted fields with doubled quotes; throws on anything malformed. */
function parseCsv (text: string): string[][] {
  const records: string[][] = []
  let fields: string[] = []
  let i = 0
  while (i < text.length) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue }
          i++
          break
        }
        field += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`)
        field += text[i++]
      }
    }
    fields.push(field)
    if (text[i] === ',') { i++; continue }
    if (text.startsWith('\r\n', i)) { i += 2; records.push(fields); fields = []; continue }
    if (i < text.length) throw new Error(`unexpected character at ${i}`)
  }
  if (fields.length > 0) throw new Error('last record without CRLF')
  return records
}

const ndjson = (text: string): Row[] => text.split('\n').filter((line, n, all) => line !== '' || n !== all.length - 1).map((line) => JSON.parse(line) as Row)

describe('GET /v1/exports/red-notices', () => {
  let ctx: TestContext
  let admin: { token: string, partnerId: string }
  let reporter: PartnerKey
  let other: PartnerKey
  let analyst: { token: string }
  const canary = `Zzyzx Canary ${randomUUID()}`
  const ids: Record<string, string> = {}

  async function score (id: string, partnerId: string, value: number, band: string, contributions: Array<[string, number]>): Promise<void> {
    const json = JSON.stringify(contributions.map(([indicatorId, points]) => ({ indicatorId, points, evidence: [], explanation: 'test' })))
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
      (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('red_notice', ${id}, ${partnerId}, 1, ${RULESET_VERSION}, ${value}, ${band}, ${value}, ${json}::jsonb)`))
  }
  async function exportAs (token: string, query = '', accept: string | undefined = 'application/x-ndjson') {
    return await ctx.app.inject({ url: `/v1/exports/red-notices${query === '' ? '' : `?${query}`}`, headers: { ...bearer(token), ...(accept === undefined ? {} : { accept }) } })
  }
  async function exportedRows (query = '', token = analyst.token): Promise<Row[]> {
    const res = await exportAs(token, query)
    expect(res.statusCode, res.body).toBe(200)
    return ndjson(res.body)
  }
  async function listIds (query: string, token = analyst.token): Promise<string[]> {
    const res = await ctx.app.inject({ url: `/v1/red-notices?limit=200${query === '' ? '' : `&${query}`}`, headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().items as Array<{ id: string }>).map((item) => item.id)
  }
  const exportCount = async (): Promise<number> => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) =>
    (await tx.select().from(auditEvents).where(eq(auditEvents.action, 'red_notice.exported'))).length)

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Exports NGO')
    other = await createPartner(ctx, admin.token, 'Other NGO')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
    const file = async (name: string, who: PartnerKey, change: (body: Body) => void) => {
      const body = chechenRedNotice({ fullName: `${canary} ${name}`, aliases: [`${canary}, "alias"\r\n=cmd`] })
      body.subject.notes = `${canary} notes`
      change(body)
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(who.token), payload: body })
      expect(res.statusCode, res.body).toBe(201)
      ids[name] = res.json().id
    }
    await file('journalist', reporter, (b) => { b.subject.profiles = ['journalist', 'ethnic_minority'] })
    await file('fraud', reporter, (b) => { b.charges = [{ description: 'Fraud on a large scale', legalProvision: 'Art. 159', category: 'fraud', allegedOffenceDate: '2016-01-01' }] })
    await file('unscored', reporter, (b) => { b.subject.profiles = ['journalist'] })
    await file('foreign', other, (b) => { b.requestingCountry = 'TR'; b.mechanism = 'extradition_request' })
    await score(ids.journalist!, reporter.partnerId, 82, 'critical', [['refugee-or-asylum-seeker', 10], ['journalist-or-activist', 30], ['ethnic-minority', 5], ['relatives-pressured', 20]])
    await score(ids.fraud!, reporter.partnerId, 40, 'elevated', [['economic-charges', 15]])
    await score(ids.foreign!, other.partnerId, 61, 'high', [['vague-extremism-charges', 12], ['refugee-or-asylum-seeker', 12]])
  })
  afterAll(async () => { await ctx.close() })

  it('streams NDJSON: one pseudonymised row per report, with current score, band and top three indicators by points', async () => {
    const res = await exportAs(analyst.token)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="red-notices-\d{8}T\d{6}Z\.ndjson"$/)
    const rows = ndjson(res.body)
    expect(rows.map((row) => row.id)).toEqual(await listIds(''))
    expect(rows).toHaveLength(4)
    for (const row of rows) expect(Object.keys(row)).toEqual([...EXPORT_COLUMNS])
    const journalist = rows.find((row) => row.id === ids.journalist)
    expect(journalist).toMatchObject({ requestingCountry: 'RU', mechanism: 'red_notice', status: 'active', profiles: ['journalist', 'ethnic_minority'] })
    expect(journalist).toMatchObject({ chargeCategories: ['armed_group'], score: 82, band: 'critical' })
    expect(journalist?.topIndicators).toEqual(['journalist-or-activist', 'relatives-pressured', 'refugee-or-asylum-seeker'])
    expect(rows.find((row) => row.id === ids.unscored)).toMatchObject({ score: null, band: null, topIndicators: [] })
    // Ties in points are broken by indicator id, so the order is stable.
    expect(rows.find((row) => row.id === ids.foreign)?.topIndicators).toEqual(['refugee-or-asylum-seeker', 'vague-extremism-charges'])
  })

  it('honours the list\'s filters and order: the same reports as the list, in the same order', async () => {
    for (const query of ['band=critical', 'minScore=41', 'profile=journalist', 'chargeCategory=fraud', 'requestingCountry=TR', 'mechanism=extradition_request',
      'indicator=refugee-or-asylum-seeker', 'sort=-score', 'sort=createdAt', 'status=active&minScore=0&maxScore=70', `subjectId=${randomUUID()}`,
      'createdFrom=2000-01-01T00:00:00Z&createdTo=2999-01-01T00:00:00Z']) {
      expect((await exportedRows(query)).map((row) => row.id), query).toEqual(await listIds(query))
    }
    expect((await exportedRows('sort=-score')).map((row) => row.id)).toEqual([ids.journalist, ids.foreign, ids.fraud, ids.unscored])
    expect(await exportedRows('band=low')).toEqual([])
  })

  it('streams CSV that parses back (RFC 4180) to the same rows as the NDJSON', async () => {
    const res = await exportAs(analyst.token, 'sort=-score', 'text/csv')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="red-notices-\d{8}T\d{6}Z\.csv"$/)
    const [header, ...records] = parseCsv(res.body)
    expect(header).toEqual([...EXPORT_COLUMNS])
    const json = await exportedRows('sort=-score')
    const asCsv = (row: Row): string[] => [
      row.id, row.subjectId, row.createdAt, row.requestingCountry, row.mechanism, row.status ?? '', row.profiles.join(';'),
      row.chargeCategories.join(';'), row.score === null ? '' : String(row.score), row.band ?? '', row.topIndicators.join(';'),
      row.topIndicatorTitles.join(' | ')
    ]
    expect(records).toEqual(json.map(asCsv))
  })

  it('names each top indicator by its catalogue title beside its id', async () => {
    const rows = await exportedRows()
    const foreign = rows.find((row) => row.id === ids.foreign)!
    const title = listIndicators().find((indicator) => indicator.id === 'refugee-or-asylum-seeker')!.title
    expect(title).not.toBe('refugee-or-asylum-seeker')
    // An id the catalogue does not know (a retired indicator) keeps its id as its title.
    expect(foreign.topIndicatorTitles).toEqual([title, 'vague-extremism-charges'])
    expect(rows.find((row) => row.id === ids.unscored)?.topIndicatorTitles).toEqual([])
  })

  it('takes format=csv|ndjson instead of Accept, for a browser link, and refuses other formats naming the field', async () => {
    const csv = await exportAs(analyst.token, 'format=csv', undefined)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="red-notices-\d{8}T\d{6}Z\.csv"$/)
    // format wins over Accept.
    const nd = await exportAs(analyst.token, 'format=ndjson', 'text/csv')
    expect(nd.headers['content-type']).toBe('application/x-ndjson; charset=utf-8')
    expect(ndjson(nd.body).map((row) => row.id)).toEqual(await listIds(''))
    const bad = await exportAs(analyst.token, 'format=xlsx')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('format')
    // A header and the four reports.
    expect(parseCsv(csv.body).length).toBe(5)
  })

  it('never exports identities: the canary name, aliases and notes appear in no format, for no role', async () => {
    for (const token of [analyst.token, admin.token, reporter.token]) {
      for (const accept of ['text/csv', 'application/x-ndjson']) {
        const res = await exportAs(token, '', accept)
        expect(res.statusCode).toBe(200)
        expect(res.body).not.toContain('Zzyzx')
        expect(res.body).not.toContain(canary.slice(-12))
        expect(res.body).not.toMatch(/fullName|aliases|dateOfBirth|notes|1988-03-12/)
      }
    }
  })

  it('gives reporters their own reports only (pseudonymised too); analysts and admins every report', async () => {
    expect((await exportedRows('', reporter.token)).map((row) => row.id).sort()).toEqual([ids.journalist, ids.fraud, ids.unscored].sort())
    expect((await exportedRows('', other.token)).map((row) => row.id)).toEqual([ids.foreign])
    expect((await exportedRows('', admin.token))).toHaveLength(4)
  })

  it('negotiates on Accept: NDJSON by default, CSV for text/*, q-values honoured, 406 problem+json otherwise', async () => {
    for (const accept of [undefined, '*/*', 'application/*', 'text/csv;q=0.5, application/x-ndjson', 'text/csv;q=0, */*']) {
      expect((await exportAs(analyst.token, '', accept)).headers['content-type'], String(accept)).toMatch(/^application\/x-ndjson/)
    }
    for (const accept of ['text/csv', 'text/*', 'application/json;q=0.9, text/csv', 'application/x-ndjson;q=0.4, text/csv;q=0.8']) {
      expect((await exportAs(analyst.token, '', accept)).headers['content-type'], accept).toMatch(/^text\/csv/)
    }
    const before = await exportCount()
    for (const accept of ['application/json', 'text/html', 'application/x-ndjson;q=0']) {
      const res = await exportAs(analyst.token, '', accept)
      expect(res.statusCode, accept).toBe(406)
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(res.json()).toMatchObject({ status: 406, title: 'Not Acceptable' })
    }
    expect(await exportCount()).toBe(before)
    expect(negotiateExportFormat('TEXT/CSV')).toBe('csv')
  })

  it('refuses paging parameters and unknown filters with 400', async () => {
    for (const query of ['limit=10', 'cursor=abc', 'band=extreme', 'sort=score']) {
      expect((await exportAs(analyst.token, query)).statusCode, query).toBe(400)
    }
  })

  it('writes exactly one red_notice.exported audit event per export, with the filter names and never their values', async () => {
    const before = await exportCount()
    await exportedRows('band=critical&requestingCountry=RU&sort=-score')
    expect(await exportCount()).toBe(before + 1)
    const [event] = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(auditEvents)
      .where(and(eq(auditEvents.action, 'red_notice.exported'))).orderBy(sql`${auditEvents.id} desc`).limit(1))
    expect(event).toMatchObject({ actorPartnerId: admin.partnerId, targetKind: 'red_notice', targetId: null })
    expect(event!.details).toEqual({ filters: ['band', 'requestingCountry'], order: '-score', format: 'ndjson' })
    await exportAs(analyst.token, '', 'text/csv')
    expect(await exportCount()).toBe(before + 2)
  })

  it('guards CSV cells against formula injection and quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    for (const lead of ['+', '-', '@', '\t']) expect(csvField(`${lead}1`)).toBe(`'${lead}1`)
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
    expect(parseCsv(`${['a,b', 'c"d', 'e\nf', '=1'].map(csvField).join(',')}\r\n`)).toEqual([['a,b', 'c"d', 'e\nf', '\'=1']])
  })
})

describe('GET /v1/exports/assurances', () => {
  let ctx: TestContext
  let reporter: PartnerKey
  let other: PartnerKey
  let analyst: { token: string }
  const ids: string[] = []

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Assurance exporter')
    other = await createPartner(ctx, admin.token, 'Other assurance reporter')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
    for (const partner of [reporter, reporter, other]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: bearer(partner.token), payload: russianAssurance() })
      expect(res.statusCode, res.body).toBe(201)
      ids.push(res.json().id)
    }
    const json = JSON.stringify([{ indicatorId: 'assurance-systematic-torture', points: 20, evidence: [], explanation: 'test' }])
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
      (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('assurance', ${ids[0]}, ${reporter.partnerId}, 1, ${RULESET_VERSION}, 70, 'high', 70, ${json}::jsonb)`))
  })
  afterAll(async () => { await ctx.close() })

  const exportAs = async (token: string, query: string) => await ctx.app.inject({ url: `/v1/exports/assurances?${query}`, headers: bearer(token) })

  it('streams every assurance the list returns, pseudonymised, with the top indicators and their titles', async () => {
    const res = await exportAs(analyst.token, 'format=ndjson')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="assurances-\d{8}T\d{6}Z\.ndjson"$/)
    const rows = res.body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort())
    const scored = rows.find((row) => row.id === ids[0])!
    expect(scored).toMatchObject({ givingState: russianAssurance().givingState, score: 70, band: 'high', topIndicators: ['assurance-systematic-torture'] })
    expect(scored.topIndicatorTitles).toEqual([listIndicators().find((i) => i.id === 'assurance-systematic-torture')!.title])
    expect(Object.keys(scored)).not.toContain('identity')
  })

  it('gives reporters their own assurances only, as CSV with a header', async () => {
    const res = await exportAs(reporter.token, 'format=csv')
    expect(res.statusCode, res.body).toBe(200)
    const [header, ...records] = parseCsv(res.body)
    expect(header).toEqual(['id', 'createdAt', 'givingState', 'receivingState', 'redNoticeId', 'score', 'band', 'topIndicators', 'topIndicatorTitles'])
    expect(records.map((record) => record[0]).sort()).toEqual(ids.slice(0, 2).sort())
    expect((await exportAs(other.token, 'format=csv')).body).not.toContain(ids[0])
  })

  it('honours the list filters and writes one assurance.exported audit event', async () => {
    const res = await exportAs(analyst.token, 'format=ndjson&band=high')
    expect(res.body.trim().split('\n')).toHaveLength(1)
    const [event] = await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(auditEvents)
      .where(eq(auditEvents.action, 'assurance.exported')).orderBy(sql`${auditEvents.id} desc`).limit(1))
    expect(event?.details).toMatchObject({ filters: ['band'], format: 'ndjson' })
  })
})
