/**
 * The disclosure policy for matches (docs/disclosure-policy.md), played by a hostile partner B against partner
 * A on real PostgreSQL with real scoring: F1 (date-of-birth oracle), F2 (other partners' facts in B's score),
 * F3 (names in charge text), F4 (silent admin access), F5 (linkedReportIds) and sticky subjects.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDENTITY_CHANGES_PER_REPORT_PER_DAY } from '../../src/intake/disclosure.ts'
import type { InProcessQueue } from '../../src/queue/in-process.ts'
import { bearer, createKey, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { ownerQuery, settle as settleQueue, startPartnerPair } from './partner-pair.ts'

type Json = Record<string, any>

describe('disclosure policy: what a partner learns of another partner\'s reports', () => {
  let ctx: TestContext
  let queue: InProcessQueue
  let admin: { token: string, partnerId: string }
  let a: PartnerKey
  let b: PartnerKey
  let analyst: { token: string }

  beforeAll(async () => { ({ ctx, queue, admin, a, b, analyst } = await startPartnerPair()) })
  afterAll(async () => { await ctx.close() })

  const query = async (text: string, params: unknown[]) => await ownerQuery(ctx, text, params)
  const settle = async () => { await settleQueue(queue) }
  const post = async (token: string, payload: unknown) => await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: payload as object })
  const patch = async (token: string, id: string, revision: number, payload: unknown) =>
    await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${id}`, headers: { ...bearer(token), 'if-match': `"${revision}"` }, payload: payload as object })
  const read = async (token: string, id: string): Promise<Json> => (await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(token) })).json()
  const score = async (token: string, id: string) => await ctx.app.inject({ url: `/v1/red-notices/${id}/score`, headers: bearer(token) })
  /** What a reporter's view says about matching: everything but what it sent itself and the clock. */
  const matchSignals = (view: Json) => ({ subjectId: view.subjectId, otherReportsOnSubject: view.otherReportsOnSubject })
  const aReport = (fullName: string, dateOfBirth: string, aliases?: string[]) => {
    const body = chechenRedNotice({ fullName, dateOfBirth, aliases })
    body.events = [...body.events, { type: 'notice_deleted', date: '2021-04-01', grounds: 'political' } as never]
    return body
  }

  /** A bare report: few indicators, so what linked reports add shows in its score. */
  const plainReport = (fullName: string, dateOfBirth: string) => ({ mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth } })

  it('F1: patching the birth date day by day gives B no signal when it reaches A\'s, and the budget stops it', async () => {
    const secret = '1984-02-10'
    const byA = (await post(a.token, aReport('Ruslan Oraclov', secret))).json()
    const guesses = ['1984-02-08', '1984-02-09', secret, '1984-02-11']
    const byB = (await post(b.token, chechenRedNotice({ fullName: 'Ruslan Oraclov', dateOfBirth: guesses[0] }))).json()
    const answers: Json[] = [byB]
    const secretariat: string[] = [(await read(analyst.token, byB.id)).subjectId]
    let revision = 1
    for (const guess of guesses.slice(1)) {
      const res = await patch(b.token, byB.id, revision, { subject: { dateOfBirth: guess } })
      expect(res.statusCode, res.body).toBe(200)
      revision++
      answers.push(res.json())
      await settle()
      answers.push(await read(b.token, byB.id))
      secretariat.push((await read(analyst.token, byB.id)).subjectId)
    }
    // The right guess did match (the secretariat's view), and only it.
    const subjectOfA = (await read(analyst.token, byA.id)).subjectId
    expect(secretariat.map((subject) => subject === subjectOfA)).toEqual([false, false, true, false])
    // The one right guess and the wrong ones look alike, in the PATCH answer and in the reads after it.
    expect(new Set(answers.map((view) => JSON.stringify(matchSignals(view)))).size).toBe(1)
    // Before the secretariat confirms, B's score is the same whichever birth date it tries.
    const explanations = (await score(b.token, byB.id)).body
    expect(explanations).not.toContain('2021-04-01')
    expect(explanations).not.toContain(byA.id)
    // The secretariat sees the match, on the subject: neither partner does.
    const pending = (await ctx.app.inject({ url: `/v1/audit-events?action=subject.match_pending&targetId=${subjectOfA as string}`, headers: bearer(admin.token) })).json()
    expect(pending.items.map((event: Json) => event.details.reportId)).toContain(byB.id)
    for (const token of [a.token, b.token]) {
      const own = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=200', headers: bearer(token) })).json()
      expect(own.items.some((event: Json) => event.action === 'subject.match_pending')).toBe(false)
    }
    // Three identity changes a day per report: the fourth is refused, whatever it would match, and alerts the secretariat.
    expect(guesses.length - 1).toBe(IDENTITY_CHANGES_PER_REPORT_PER_DAY)
    const refused = await patch(b.token, byB.id, revision, { subject: { dateOfBirth: '1984-02-12' } })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    const alerts = (await ctx.app.inject({ url: `/v1/audit-events?action=disclosure.probing_suspected&targetId=${byB.id as string}`, headers: bearer(admin.token) })).json()
    expect(alerts.items.map((event: Json) => event.details.refused)).toContain(true)
    expect(alerts.items[0].details.partnerId).toBe(b.partnerId)
    // A change that leaves the identity alone is not budgeted.
    expect((await patch(b.token, byB.id, revision, { status: 'challenged' })).statusCode).toBe(200)
  })

  it('sticky subjects: a report whose identity changes is matched again from scratch', async () => {
    const byA = (await post(a.token, aReport('Timur Stickov', '1975-05-05'))).json()
    const byB = (await post(b.token, chechenRedNotice({ fullName: 'Timur Stickov', dateOfBirth: '1975-05-05' }))).json()
    const subjectOfA = (await read(analyst.token, byA.id)).subjectId
    expect((await read(analyst.token, byB.id)).subjectId).toBe(subjectOfA)
    const moved = await patch(b.token, byB.id, 1, { subject: { dateOfBirth: '1975-05-11' } })
    expect(moved.statusCode).toBe(200)
    const after = await read(analyst.token, byB.id)
    expect(after.subjectId).not.toBe(subjectOfA)
    expect((await read(analyst.token, byA.id)).otherReportsOnSubject).toBe(0)
    // The reporter's pseudonym never moved.
    expect(moved.json().subjectId).toBe(byB.subjectId)
    // Back to the first identity: the same subject as A again, not a leftover.
    await patch(b.token, byB.id, 2, { subject: { dateOfBirth: '1975-05-05' } })
    expect((await read(analyst.token, byB.id)).subjectId).toBe(subjectOfA)
  })

  it('F2: A\'s facts reach B\'s score only once the secretariat confirms, by kind, never dates, ids or text', async () => {
    const byA = (await post(a.token, aReport('Said Factov', '1969-09-09'))).json()
    await settle()
    const aBefore = (await score(a.token, byA.id)).json()
    const byB = (await post(b.token, plainReport('Said Factov', '1969-09-09'))).json()
    await settle()
    const bUnconfirmed = (await score(b.token, byB.id)).json()
    // Unconfirmed: neither score moves.
    expect((await score(a.token, byA.id)).json().score).toBe(aBefore.score)
    expect(bUnconfirmed.contributions.some((c: Json) => c.evidence.some((e: string) => e.startsWith('linked/')))).toBe(false)

    const subjectId = (await read(analyst.token, byB.id)).subjectId as string
    const confirmed = await ctx.app.inject({ method: 'POST', url: `/v1/subjects/${subjectId}/confirmation`, headers: bearer(admin.token) })
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(confirmed.json()).toEqual({ reports: 2, partners: 2 })
    await settle()
    const bConfirmed = await score(b.token, byB.id)
    expect(bConfirmed.json().score).toBeGreaterThan(bUnconfirmed.score)
    expect(bConfirmed.body).toContain('another partner\'s report on the same person records a deletion')
    for (const secret of ['2021-04-01', byA.id, a.partnerId, 'political grounds', 'Factov']) expect(bConfirmed.body).not.toContain(secret)
    // A learns of the confirmation on its report, not whose report it was.
    const aEvents = (await ctx.app.inject({ url: `/v1/me/audit-events?action=red_notice.match_confirmed&targetId=${byA.id as string}`, headers: bearer(a.token) })).json()
    expect(aEvents.items).toHaveLength(1)
    expect(JSON.stringify(aEvents.items)).not.toContain(byB.id)
    expect(JSON.stringify(aEvents.items)).not.toContain(b.partnerId)
    // Any identity change undoes the confirmation: B's score falls back.
    expect((await patch(b.token, byB.id, 1, { subject: { aliases: ['Said Guessov'] } })).statusCode).toBe(200)
    expect((await read(analyst.token, byB.id)).subjectId).toBe(subjectId)
    await settle()
    expect((await score(b.token, byB.id)).json().score).toBe(bUnconfirmed.score)
  })

  it('F5: linkedReportIds accepts only the caller\'s reports; another partner\'s id is answered as a missing one', async () => {
    const ofA = (await post(a.token, aReport('Linked Target', '1960-01-01'))).json()
    await settle()
    const aScore = (await score(a.token, ofA.id)).json().score
    const ownB = (await post(b.token, chechenRedNotice({ fullName: 'Own Relative', dateOfBirth: '1961-01-01' }))).json()
    const strip = (res: { statusCode: number, json: () => Json }) => ({ status: res.statusCode, ...res.json(), instance: null })
    const foreign = await post(b.token, { ...chechenRedNotice({ fullName: 'Namer', dateOfBirth: '1962-01-01' }), linkedReportIds: [ofA.id] })
    const missing = await post(b.token, { ...chechenRedNotice({ fullName: 'Namer', dateOfBirth: '1962-01-01' }), linkedReportIds: [randomUUID()] })
    expect(foreign.statusCode).toBe(422)
    expect(strip(foreign)).toEqual(strip(missing))
    expect(foreign.body).not.toContain(ofA.id)
    const foreignPatch = await patch(b.token, ownB.id, 1, { linkedReportIds: [ofA.id] })
    const missingPatch = await patch(b.token, ownB.id, 1, { linkedReportIds: [randomUUID()] })
    expect(strip(foreignPatch)).toEqual(strip(missingPatch))
    const own = await post(b.token, { ...chechenRedNotice({ fullName: 'Namer Two', dateOfBirth: '1963-01-01' }), linkedReportIds: [ownB.id] })
    expect(own.statusCode, own.body).toBe(201)
    await settle()
    expect((await score(a.token, ofA.id)).json().score).toBe(aScore)
  })

  it('F3: a name in a charge description is encrypted, hidden from analysts and explanations, and erased', async () => {
    const canary = `CANARY-Charge-${randomUUID().slice(0, 8)}`
    const body = chechenRedNotice({ fullName: 'Charge Canaryov', dateOfBirth: '1977-07-07' })
    body.charges = [{ description: `Financing the group of ${canary}`, legalProvision: 'Art. 205.1', category: 'terrorism' } as never]
    const filed = (await post(a.token, body)).json()
    expect(filed.charges[0].description).toContain(canary)
    await settle()
    expect((await read(a.token, filed.id)).charges[0].description).toContain(canary)
    const seen = await ctx.app.inject({ url: `/v1/red-notices/${filed.id as string}`, headers: bearer(analyst.token) })
    expect(seen.json().charges[0]).toEqual({ legalProvision: 'Art. 205.1', category: 'terrorism' })
    for (const token of [a.token, analyst.token]) expect((await score(token, filed.id)).body).not.toContain(canary)
    const plain = async () => JSON.stringify(await query(
      'select n.facts, r.facts as revision_facts, s.contributions from red_notices n join red_notice_revisions r on r.report_id = n.id left join scores s on s.report_id = n.id where n.id = $1', [filed.id]))
    expect(await plain()).not.toContain(canary)
    const erased = await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${filed.id as string}?erase=true`, headers: bearer(admin.token) })
    expect(erased.statusCode).toBe(204)
    const after = await read(a.token, filed.id)
    expect(after.charges[0].description).toBeUndefined()
    expect(after.charges[0].category).toBe('terrorism')
    const all = await query('select identity from red_notice_revisions where report_id = $1 and identity is not null', [filed.id])
    expect(all.rowCount).toBe(0)
  })

  it('F4: every key that can read A\'s identities, and every such read, is visible to A', async () => {
    const issued = await createKey(ctx, admin.token, a.partnerId, 'reporter')
    const keys = (await ctx.app.inject({ url: '/v1/me/api-keys', headers: bearer(a.token) })).json()
    expect(keys.items.map((k: Json) => k.id)).toContain(issued.apiKeyId)
    expect(keys.items.every((k: Json) => k.partnerId === a.partnerId)).toBe(true)
    const report = (await post(a.token, chechenRedNotice({ fullName: 'Watched Person', dateOfBirth: '1950-01-01' }))).json()
    // The secretariat reads A's identities with the key it issued: A sees the key's creation and the read.
    expect((await read(issued.token, report.id)).subject.fullName).toBe('Watched Person')
    const events = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=200', headers: bearer(a.token) })).json().items as Json[]
    expect(events.some((e) => e.action === 'api_key.created' && e.targetId === issued.apiKeyId)).toBe(true)
    expect(events.some((e) => e.action === 'red_notice.read' && e.actorKeyId === issued.apiKeyId && e.targetId === report.id && e.details.identities === true)).toBe(true)
    // B sees none of it.
    const ofB = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=200', headers: bearer(b.token) })).json().items as Json[]
    expect(ofB.some((e) => e.targetId === report.id || e.actorPartnerId === a.partnerId)).toBe(false)
    const bKeys = (await ctx.app.inject({ url: '/v1/me/api-keys', headers: bearer(b.token) })).json()
    expect(bKeys.items.map((k: Json) => k.id)).not.toContain(issued.apiKeyId)
  })
})
