import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

describe('red-notice reports over HTTP', () => {
  let ctx: TestContext
  let queue: RecordingQueue
  let admin: { token: string }
  let a: PartnerKey
  let b: PartnerKey
  let analyst: { token: string }
  beforeAll(async () => {
    queue = new RecordingQueue()
    ctx = await createTestContext({ queue })
    admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Memorial-like NGO A')
    b = await createPartner(ctx, admin.token, 'Refugee NGO B')
    analyst = await createKey(ctx, admin.token, (await createPartner(ctx, admin.token, 'Coalition analysts', 'analyst')).partnerId, 'analyst')
  })
  afterAll(async () => { await ctx.close() })

  const post = (token: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(token), ...headers }, payload: payload as object })

  it('files a report, answers 201 with Location and ETag, enqueues ids only', async () => {
    const res = await post(a.token, chechenRedNotice())
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(res.headers.location).toBe(`/v1/red-notices/${body.id}`)
    expect(res.headers.etag).toBe('"1"')
    expect(body).toMatchObject({ revision: 1, scoreStatus: 'pending', otherReportsOnSubject: 0, withdrawnAt: null, erasedAt: null })
    expect(body.subject.fullName).toBe('Магомед Исаев')
    await new Promise((resolve) => setImmediate(resolve))
    expect(queue.jobs.at(-1)).toEqual({ kind: 'red_notice', reportId: body.id, revision: 1 })
  })

  it('shows identities to the reporting partner only; analysts get the pseudonymised case; other partners get 404', async () => {
    const id = (await post(a.token, chechenRedNotice())).json().id as string
    const own = await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(a.token) })
    expect(own.json().subject.fullName).toBe('Магомед Исаев')
    expect(own.json().events[1].note).toBe('Brother summoned by police in Grozny.')
    const pseudonymised = await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(analyst.token) })
    expect(pseudonymised.statusCode).toBe(200)
    const text = pseudonymised.body
    for (const secret of ['Магомед', 'Fled Grozny', 'Brother summoned', '1988-03-12', 'ws-public', '2019/114539']) expect(text).not.toContain(secret)
    expect(pseudonymised.json()).toMatchObject({ id, requestingCountry: 'RU', subject: { ethnicity: 'Chechen' } })
    // docs/disclosure-policy.md: the reporter sees its report's own pseudonym, the secretariat the shared subject.
    expect(pseudonymised.json().subjectId).not.toBe(own.json().subjectId)
    const foreign = await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(b.token) })
    const missing = await ctx.app.inject({ url: `/v1/red-notices/${randomUUID()}`, headers: bearer(b.token) })
    expect(foreign.statusCode).toBe(404)
    expect(missing.statusCode).toBe(404)
    expect({ ...foreign.json(), instance: null }).toEqual({ ...missing.json(), instance: null })
  })

  it('updates with If-Match: a stale ETag is 412, a missing one 428, and every change is a revision', async () => {
    const created = (await post(a.token, chechenRedNotice())).json()
    const patch = (ifMatch: string | undefined, payload: unknown) => ctx.app.inject({
      method: 'PATCH', url: `/v1/red-notices/${created.id}`, headers: { ...bearer(a.token), ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }, payload: payload as object
    })
    expect((await patch(undefined, { status: 'challenged' })).statusCode).toBe(428)
    const updated = await patch('"1"', { status: 'challenged', subject: { profiles: ['ethnic_minority', 'activist'] } })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.headers.etag).toBe('"2"')
    expect(updated.json()).toMatchObject({ revision: 2, status: 'challenged', subject: { fullName: 'Магомед Исаев', profiles: ['ethnic_minority', 'activist'] } })
    expect((await patch('"1"', { status: 'active' })).statusCode).toBe(412)
    const invalid = await patch('"2"', { charges: [{ description: 'x' }] })
    expect(invalid.statusCode).toBe(400)
    const revisions = await ctx.app.inject({ url: `/v1/red-notices/${created.id}/revisions`, headers: bearer(a.token) })
    expect(revisions.json().items.map((r: { revision: number, report: { status: string } }) => [r.revision, r.report.status])).toEqual([[1, 'active'], [2, 'challenged']])
    expect(revisions.json().items[0].report.subject.fullName).toBe('Магомед Исаев')
    const analystRevisions = await ctx.app.inject({ url: `/v1/red-notices/${created.id}/revisions`, headers: bearer(analyst.token) })
    expect(analystRevisions.statusCode).toBe(200)
    expect(analystRevisions.body).not.toContain('Магомед')
  })

  it('replays a create with the same Idempotency-Key: same answer, one record; another body is 409', async () => {
    const key = randomUUID()
    const first = await post(a.token, chechenRedNotice({ fullName: 'Idem Potent' }), { 'idempotency-key': key })
    const second = await post(a.token, chechenRedNotice({ fullName: 'Idem Potent' }), { 'idempotency-key': key })
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.json()).toEqual(first.json())
    expect(second.headers['idempotent-replayed']).toBe('true')
    const other = await post(a.token, chechenRedNotice({ fullName: 'Someone Else' }), { 'idempotency-key': key })
    expect(other.statusCode).toBe(409)
    // The same key from another partner is that partner's own key.
    expect((await post(b.token, chechenRedNotice({ fullName: 'Idem Potent' }), { 'idempotency-key': key })).statusCode).toBe(201)
    const list = await ctx.app.inject({ url: '/v1/red-notices?limit=200', headers: bearer(a.token) })
    expect(list.json().items.filter((r: { subject: { fullName: string } }) => r.subject.fullName === 'Idem Potent')).toHaveLength(1)
  })

  // docs/disclosure-policy.md changed what reporters see: the link is the secretariat's (analysts, admins) to see;
  // each reporter sees its report's own pseudonym and only its own matching reports.
  it('links the same person across partners and scripts, never a namesake born another day', async () => {
    const byA = (await post(a.token, chechenRedNotice({ fullName: 'Зелимхан Дудаев', dateOfBirth: '1990-07-01' }))).json()
    const byB = (await post(b.token, chechenRedNotice({ fullName: 'Dudaev Zelimkhan', dateOfBirth: '1990-07-01' }))).json()
    const namesake = (await post(b.token, chechenRedNotice({ fullName: 'Zelimkhan Dudaev', dateOfBirth: '1991-02-02' }))).json()
    const seen = async (id: string) => (await ctx.app.inject({ url: `/v1/red-notices/${id as string}`, headers: bearer(analyst.token) })).json()
    expect((await seen(byB.id)).subjectId).toBe((await seen(byA.id)).subjectId)
    expect((await seen(namesake.id)).subjectId).not.toBe((await seen(byA.id)).subjectId)
    expect((await seen(byA.id)).otherReportsOnSubject).toBe(1)
    expect(byB.subjectId).not.toBe(byA.subjectId)
    expect(byB.otherReportsOnSubject).toBe(0)
    const reread = await ctx.app.inject({ url: `/v1/red-notices/${byA.id as string}`, headers: bearer(a.token) })
    expect(reread.json().otherReportsOnSubject).toBe(0)
    expect(reread.json().subjectId).toBe(byA.subjectId)
  })

  it('scores again, after a new report, the reports whose score it can move: its partner\'s sharing a blind index with it and those it names, never another partner\'s on its subject', async () => {
    const person = { fullName: 'Linked Basayev', dateOfBirth: '1979-10-10' }
    const byA = (await post(a.token, chechenRedNotice(person))).json()
    const earlierByB = (await post(b.token, chechenRedNotice(person))).json()
    const named = (await post(b.token, chechenRedNotice({ fullName: 'Co Accused', dateOfBirth: '1980-01-01' }))).json()
    const unrelated = (await post(b.token, chechenRedNotice({ fullName: 'Nobody Related', dateOfBirth: '1970-05-05' }))).json()
    const byB = (await post(b.token, { ...chechenRedNotice(person), linkedReportIds: [named.id] })).json()
    await new Promise((resolve) => setImmediate(resolve))
    const after = queue.jobs.filter((job) => job.after === `${byB.id as string}-r1`)
    // A's report is on the same subject, unconfirmed: B's report cannot move its score (docs/disclosure-policy.md §3).
    expect(after.map((job) => job.reportId).sort()).toEqual([earlierByB.id, named.id].sort())
    expect(after.every((job) => job.kind === 'red_notice' && job.revision === 1)).toBe(true)
    expect(queue.jobs.some((job) => (job.reportId === unrelated.id || job.reportId === byA.id) && job.after !== undefined)).toBe(false)
  })

  it('links filings of one person that race each other to one subject, across partners', async () => {
    const person = { fullName: 'Racing Umarov', dateOfBirth: '1988-03-04' }
    const answers = await Promise.all(Array.from({ length: 8 }, async (_, i) => await post(i % 2 === 0 ? a.token : b.token, chechenRedNotice(person))))
    expect(answers.map((res) => res.statusCode)).toEqual(Array(8).fill(201))
    const seen = await Promise.all(answers.map(async (res) => (await ctx.app.inject({ url: `/v1/red-notices/${res.json().id as string}`, headers: bearer(analyst.token) })).json()))
    expect(new Set(seen.map((view) => view.subjectId as string)).size).toBe(1)
    expect(seen[0].otherReportsOnSubject).toBe(7)
    // The reporter counts only its own matching reports (A filed four of the eight).
    const reread = await ctx.app.inject({ url: `/v1/red-notices/${answers[0]!.json().id as string}`, headers: bearer(a.token) })
    expect(reread.json().otherReportsOnSubject).toBe(3)
  })

  it('answers every racing request with one Idempotency-Key with the same report, stored once', async () => {
    const key = randomUUID()
    const answers = await Promise.all(Array.from({ length: 6 }, async () => await post(a.token, chechenRedNotice({ fullName: 'Idempotent Racer' }), { 'idempotency-key': key })))
    // A request that finds the first still in flight may be told to retry (409); none creates a second report.
    const created = answers.filter((res) => res.statusCode === 201)
    expect(created.length).toBeGreaterThanOrEqual(1)
    expect(answers.every((res) => res.statusCode === 201 || res.statusCode === 409)).toBe(true)
    expect(new Set(created.map((res) => res.json().id as string)).size).toBe(1)
    const listed = await ctx.app.inject({ url: '/v1/red-notices?limit=100', headers: bearer(a.token) })
    expect(listed.body.split('Idempotent Racer').length - 1).toBe(1)
  })

  it('withdraws for the reporter (kept, closed to changes) and erases identities for admins', async () => {
    const created = (await post(a.token, chechenRedNotice({ fullName: 'To Be Erased' }))).json()
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${created.id}?erase=true`, headers: bearer(a.token) })).statusCode).toBe(403)
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${created.id}`, headers: bearer(b.token) })).statusCode).toBe(404)
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${created.id}`, headers: bearer(a.token) })).statusCode).toBe(204)
    const withdrawn = await ctx.app.inject({ url: `/v1/red-notices/${created.id}`, headers: bearer(a.token) })
    expect(withdrawn.json().withdrawnAt).not.toBeNull()
    expect((await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${created.id}`, headers: { ...bearer(a.token), 'if-match': '"1"' }, payload: { status: 'deleted' } })).statusCode).toBe(409)
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${created.id}?erase=true`, headers: bearer(admin.token) })).statusCode).toBe(204)
    const erased = await ctx.app.inject({ url: `/v1/red-notices/${created.id}`, headers: bearer(a.token) })
    expect(erased.statusCode).toBe(200)
    expect(erased.json().erasedAt).not.toBeNull()
    expect(erased.body).not.toContain('To Be Erased')
    expect(erased.json().charges[0].category).toBe('armed_group')
    const audit = await ctx.app.inject({ url: `/v1/red-notices/${created.id}/revisions`, headers: bearer(a.token) })
    expect(audit.body).not.toContain('To Be Erased')
  })
})
