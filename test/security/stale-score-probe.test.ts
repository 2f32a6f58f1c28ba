/**
 * The hostile partner's stale-score trap (docs/disclosure-policy.md §1, "Scores"): partner B makes one of its own
 * reports' stored score out of date, then waits for something to score it again. B's own withdrawal does not
 * rescore the reports that counted the withdrawn one, so B's first report keeps a deletion it no longer has until
 * it is next scored; if another partner's filing or change on the same person scored it again, B would watch the
 * deletion vanish from its score (and a new entry appear in its score history) at the moment another partner
 * reported the person, with no confirmation by the secretariat. A report that no confirmation links to B's cannot
 * change B's scores, so it must not score them again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InProcessQueue } from '../../src/queue/in-process.ts'
import { bearer, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { settle as settleQueue, startPartnerPair } from './partner-pair.ts'

type Json = Record<string, any>

describe('hostile partner: a stale score of its own as a match oracle', () => {
  let ctx: TestContext
  let queue: InProcessQueue
  let admin: { token: string, partnerId: string }
  let a: PartnerKey
  let b: PartnerKey
  let analyst: { token: string }

  beforeAll(async () => { ({ ctx, queue, admin, a, b, analyst } = await startPartnerPair()) })
  afterAll(async () => { await ctx.close() })

  const settle = async () => { await settleQueue(queue) }
  const post = async (token: string, payload: unknown) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: payload as object })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as Json
  }
  const patch = async (token: string, id: string, revision: number, payload: unknown) => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${id}`, headers: { ...bearer(token), 'if-match': `"${revision}"` }, payload: payload as object })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Json
  }
  const plain = (fullName: string, dateOfBirth: string) => ({ mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth } })
  const withDeletion = (fullName: string, dateOfBirth: string) => ({
    ...plain(fullName, dateOfBirth), events: [{ type: 'notice_deleted', date: '2021-04-01', grounds: 'political' }]
  })
  const subjectOf = async (id: string): Promise<string> => (await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(analyst.token) })).json().subjectId
  /** What B can read of a report's scoring: its current score and its score history (each entry's time and score). */
  const seenByB = async (id: string): Promise<string> => {
    const current = (await ctx.app.inject({ url: `/v1/red-notices/${id}/score`, headers: bearer(b.token) })).json() as Json
    const history = (await ctx.app.inject({ url: `/v1/red-notices/${id}/scores`, headers: bearer(b.token) })).json() as Json
    const evidence = (score: Json) => (score.contributions as Json[]).map((c) => `${c.indicatorId as string}: ${(c.evidence as string[]).join(', ')}${/another partner/.test(c.explanation as string) ? ' (another partner)' : ''}`)
    return JSON.stringify({
      current: { score: current.score, scoredAt: current.scoredAt, evidence: evidence(current) },
      history: (history.items as Json[]).map((item) => `${item.score as number} at ${item.scoredAt as string}${item.current === true ? ' (current)' : ''}`)
    })
  }

  /** B's trap on (name, birth date): its first report scored with its second's deletion, then the second withdrawn. */
  async function trap (fullName: string, dateOfBirth: string): Promise<{ id: string, before: string }> {
    const first = await post(b.token, plain(fullName, dateOfBirth))
    const second = await post(b.token, withDeletion(fullName, dateOfBirth))
    await settle()
    const scored = (await ctx.app.inject({ url: `/v1/red-notices/${first.id as string}/score`, headers: bearer(b.token) })).json() as Json
    // The trap is set: the first report's score counts the second's deletion (otherwise this test proves nothing)…
    expect(JSON.stringify(scored.contributions)).toContain('linked/priorDeletions')
    const withdrawn = await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${second.id as string}`, headers: bearer(b.token) })
    expect(withdrawn.statusCode, withdrawn.body).toBe(204)
    await settle()
    // …and still does after the withdrawal: nothing B did scored it again.
    const before = await seenByB(first.id)
    expect(before).toContain('linked/priorDeletions')
    return { id: first.id, before }
  }

  it('another partner\'s filing on the same person does not score B\'s reports again', async () => {
    const { id, before } = await trap('Stale Trapov', '1984-04-04')
    const ofA = await post(a.token, plain('Stale Trapov', '1984-04-04'))
    await settle()
    // The secretariat's view: A's report is on B's subject (a pending match).
    expect(await subjectOf(ofA.id)).toBe(await subjectOf(id))
    expect(await seenByB(id)).toBe(before)
  })

  it('another partner\'s identity change onto the person, or any change of its report there, does not score B\'s reports again', async () => {
    const { id, before } = await trap('Stale Movedov', '1985-05-05')
    const ofA = await post(a.token, plain('Somebody Elsov', '1985-05-05'))
    await settle()
    const moved = await patch(a.token, ofA.id, 1, { subject: { fullName: 'Stale Movedov' } })
    await settle()
    expect(await subjectOf(ofA.id)).toBe(await subjectOf(id))
    expect(await seenByB(id)).toBe(before)
    // A change of A's report on the subject that is not an identity change, and A moving off it again.
    const changed = await patch(a.token, ofA.id, moved.revision, { status: 'challenged' })
    await settle()
    expect(await seenByB(id)).toBe(before)
    await patch(a.token, ofA.id, changed.revision, { subject: { fullName: 'Somebody Elsov' } })
    await settle()
    expect(await seenByB(id)).toBe(before)
  })

  it('B\'s own filing does not score again B\'s reports that another partner\'s report put on its subject', async () => {
    // A knows the person under two names. B's trap is on the first name; B then files the second: if the filing
    // scored again its subject's reports, the trap would tell B that A's report ties the two names together.
    const ofA = await post(a.token, { ...plain('Bridged Stalov', '1987-07-07'), subject: { fullName: 'Bridged Stalov', aliases: ['Hidden Stalova'], dateOfBirth: '1987-07-07' } })
    await settle()
    const { id, before } = await trap('Bridged Stalov', '1987-07-07')
    const second = await post(b.token, plain('Hidden Stalova', '1987-07-07'))
    await settle()
    expect(await subjectOf(second.id)).toBe(await subjectOf(ofA.id))
    expect(await subjectOf(id)).toBe(await subjectOf(ofA.id))
    expect(await seenByB(id)).toBe(before)
  })

  it('after the secretariat confirmed both, another partner\'s change still reaches B\'s score (by kind)', async () => {
    // The documented signal stays: once confirmed, A's deletion counts for B, and A's identity change (which drops
    // A's confirmation) takes it away again at once.
    const ofB = await post(b.token, plain('Confirmed Personov', '1986-06-06'))
    const ofA = await post(a.token, withDeletion('Confirmed Personov', '1986-06-06'))
    await settle()
    const confirmed = await ctx.app.inject({ method: 'POST', url: `/v1/subjects/${await subjectOf(ofB.id)}/confirmation`, headers: bearer(admin.token) })
    expect(confirmed.statusCode, confirmed.body).toBeLessThan(300)
    await settle()
    expect(await seenByB(ofB.id)).toContain('another partner')
    await patch(a.token, ofA.id, 1, { subject: { fullName: 'Confirmed Otherov' } })
    await settle()
    expect(await seenByB(ofB.id)).not.toContain('another partner')
  })
})
