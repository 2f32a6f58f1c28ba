import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'
import { REPO_ROOT } from '../helpers/process.ts'

const SAMPLES = path.join(REPO_ROOT, 'test', 'fixtures', 'interpol')
const sample = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, name), 'utf8'))

describe('assurances and Interpol imports over HTTP', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey
  let analyst: { token: string }
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'NGO A')
    b = await createPartner(ctx, admin.token, 'NGO B')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
  })
  afterAll(async () => { await ctx.close() })

  it('files an assurance about a case, shows its subject pseudonym, hides the name from analysts and other partners', async () => {
    const notice = (await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(a.token), payload: chechenRedNotice() })).json()
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: bearer(a.token), payload: { ...russianAssurance(), redNoticeId: notice.id } })
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ revision: 1, subjectId: notice.subjectId, givingState: 'RU', subjectFullName: 'Магомед Исаев', scoreStatus: 'pending' })
    const seen = await ctx.app.inject({ url: `/v1/assurances/${created.id}`, headers: bearer(analyst.token) })
    expect(seen.statusCode).toBe(200)
    expect(seen.body).not.toContain('Магомед')
    expect(seen.body).not.toContain('Returnee')
    expect((await ctx.app.inject({ url: `/v1/assurances/${created.id}`, headers: bearer(b.token) })).statusCode).toBe(404)
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/v1/assurances/${created.id}`, headers: { ...bearer(a.token), 'if-match': '"1"' }, payload: { termsDisclosed: true } })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json()).toMatchObject({ revision: 2, termsDisclosed: true, subjectFullName: 'Магомед Исаев' })
  })

  it('refuses an assurance naming another partner\'s case as if it did not exist', async () => {
    const foreign = (await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(b.token), payload: chechenRedNotice() })).json()
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: bearer(a.token), payload: { ...russianAssurance(), redNoticeId: foreign.id } })
    expect(res.statusCode).toBe(422)
    expect(res.json().errors[0].pointer).toBe('/redNoticeId')
  })

  it('imports the real Russian sample: country, charge, birth date, notice id', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/imports/interpol', headers: bearer(a.token), payload: sample('red-detail-ru-2019-114539.json') as object })
    expect(res.statusCode, res.body).toBe(201)
    const { report } = res.json()
    expect(res.headers.location).toBe(`/v1/red-notices/${report.id}`)
    const stored = (await ctx.app.inject({ url: `/v1/red-notices/${report.id}`, headers: bearer(a.token) })).json()
    expect(stored).toMatchObject({ mechanism: 'red_notice', requestingCountry: 'RU', interpolNoticeId: '2019/114539' })
    expect(stored.charges[0].description).toMatch(/illegal armed formation/i)
    expect(stored.charges[0].category).toBe('armed_group')
    expect(stored.subject.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('imports the real German sample despite its placeholder values', async () => {
    const doc = sample('red-detail-de-1993-27493.json') as { date_of_birth: string }
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/imports/interpol', headers: bearer(a.token), payload: doc })
    expect(res.statusCode, res.body).toBe(201)
    const { report, warnings } = res.json()
    expect(report.requestingCountry).toBe('DE')
    expect(report.interpolNoticeId).toBe('1993/27493')
    expect(report.subject.dateOfBirth).toBe(doc.date_of_birth.replaceAll('/', '-'))
    expect(report.charges.length).toBeGreaterThan(0)
    expect(warnings.length).toBeGreaterThan(0)
  })

  it('refuses the list page, which is not a notice, with 422 naming why', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/imports/interpol', headers: bearer(a.token), payload: sample('red-list-page1-2021-12-11.json') as object })
    expect([400, 422]).toContain(res.statusCode)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })
})
