/**
 * The hostile partner's stale-score trap (docs/disclosure-policy.md §1, "Scores"): partner B would make one of its
 * own reports' stored score out of date, then wait for something to score it again. A rescore that changes nothing
 * writes nothing, so only a stale score can show one; if another partner's filing or change on the same person
 * scored B's report again, B would watch its score change (and a new entry appear in its score history) at the
 * moment another partner reported the person, with no confirmation by the secretariat. Two defences, each tested:
 * B's own withdrawal scores again the reports that counted the withdrawn one, so B cannot make its score stale that
 * way; and a report that no confirmation links to B's cannot change B's scores, so it never scores them again
 * (checked on the jobs the queue receives, which B cannot see, as well as on what B can read).
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

  /** The reports `action` had the queue score again, whatever came of it. */
  const rescoredBy = async (action: () => Promise<unknown>): Promise<string[]> => {
    const seen: string[] = []
    const enqueue = queue.enqueue.bind(queue)
    queue.enqueue = async (jobs) => { seen.push(...jobs.map((job) => job.reportId)); await enqueue(jobs) }
    try { await action(); await settle() } finally { queue.enqueue = enqueue }
    return seen
  }
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

  /**
   * B's trap on (name, birth date): its first report scored with its second's deletion, then the second withdrawn.
   * The withdrawal scores the first again, so its score no longer counts the deletion: the trap stays unset.
   */
  async function trap (fullName: string, dateOfBirth: string): Promise<{ id: string, before: string }> {
    const first = await post(b.token, plain(fullName, dateOfBirth))
    const second = await post(b.token, withDeletion(fullName, dateOfBirth))
    await settle()
    const scored = (await ctx.app.inject({ url: `/v1/red-notices/${first.id as string}/score`, headers: bearer(b.token) })).json() as Json
    expect(JSON.stringify(scored.contributions)).toContain('linked/priorDeletions')
    const rescored = await rescoredBy(async () => {
      const withdrawn = await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${second.id as string}`, headers: bearer(b.token) })
      expect(withdrawn.statusCode, withdrawn.body).toBe(204)
    })
    expect(rescored).toContain(first.id)
    const before = await seenByB(first.id)
    expect(before).not.toContain('linked/priorDeletions')
    return { id: first.id, before }
  }

  it('another partner\'s filing on the same person does not score B\'s reports again', async () => {
    const { id, before } = await trap('Stale Trapov', '1984-04-04')
    let ofA: Json = {}
    expect(await rescoredBy(async () => { ofA = await post(a.token, plain('Stale Trapov', '1984-04-04')) })).not.toContain(id)
    // The secretariat's view: A's report is on B's subject (a pending match).
    expect(await subjectOf(ofA.id)).toBe(await subjectOf(id))
    expect(await seenByB(id)).toBe(before)
  })

  it('another partner\'s identity change onto the person, or any change of its report there, does not score B\'s reports again', async () => {
    const { id, before } = await trap('Stale Movedov', '1985-05-05')
    const ofA = await post(a.token, plain('Somebody Elsov', '1985-05-05'))
    await settle()
    let moved: Json = {}
    expect(await rescoredBy(async () => { moved = await patch(a.token, ofA.id, 1, { subject: { fullName: 'Stale Movedov' } }) })).not.toContain(id)
    expect(await subjectOf(ofA.id)).toBe(await subjectOf(id))
    expect(await seenByB(id)).toBe(before)
    // A change of A's report on the subject that is not an identity change, A withdrawing it, and A moving off it.
    let changed: Json = {}
    expect(await rescoredBy(async () => { changed = await patch(a.token, ofA.id, moved.revision, { status: 'challenged' }) })).not.toContain(id)
    expect(await seenByB(id)).toBe(before)
    expect(await rescoredBy(() => patch(a.token, ofA.id, changed.revision, { subject: { fullName: 'Somebody Elsov' } }))).not.toContain(id)
    expect(await seenByB(id)).toBe(before)
    const ofA2 = await post(a.token, withDeletion('Stale Movedov', '1985-05-05'))
    await settle()
    expect(await rescoredBy(() => ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${ofA2.id as string}`, headers: bearer(a.token) }))).not.toContain(id)
    expect(await seenByB(id)).toBe(before)
  })

  it('B\'s own filing does not score again B\'s reports that another partner\'s report put on its subject', async () => {
    // A knows the person under two names. B's trap is on the first name; B then files the second: if the filing
    // scored again its subject's reports, the trap would tell B that A's report ties the two names together.
    const ofA = await post(a.token, { ...plain('Bridged Stalov', '1987-07-07'), subject: { fullName: 'Bridged Stalov', aliases: ['Hidden Stalova'], dateOfBirth: '1987-07-07' } })
    await settle()
    const { id, before } = await trap('Bridged Stalov', '1987-07-07')
    let second: Json = {}
    expect(await rescoredBy(async () => { second = await post(b.token, plain('Hidden Stalova', '1987-07-07')) })).not.toContain(id)
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

  it('an erasure of B\'s report by the secretariat scores again B\'s reports that shared its blind index', async () => {
    const first = await post(b.token, plain('Erased Twinov', '1989-09-09'))
    const second = await post(b.token, withDeletion('Erased Twinov', '1989-09-09'))
    await settle()
    expect(await seenByB(first.id)).toContain('linked/priorDeletions')
    const rescored = await rescoredBy(async () => {
      const erased = await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${second.id as string}?erase=true`, headers: bearer(admin.token) })
      expect(erased.statusCode, erased.body).toBe(204)
    })
    expect(rescored).toContain(first.id)
    expect(await seenByB(first.id)).not.toContain('linked/priorDeletions')
  })

  it('after the secretariat confirmed both, another partner withdrawing what B counted reaches B\'s score, and nothing else does', async () => {
    const ofB = await post(b.token, plain('Withdrawn Personov', '1988-08-08'))
    const counted = await post(a.token, withDeletion('Withdrawn Personov', '1988-08-08'))
    const uncounted = await post(a.token, plain('Withdrawn Personov', '1988-08-08'))
    await settle()
    const confirmed = await ctx.app.inject({ method: 'POST', url: `/v1/subjects/${await subjectOf(ofB.id)}/confirmation`, headers: bearer(admin.token) })
    expect(confirmed.statusCode, confirmed.body).toBeLessThan(300)
    await settle()
    expect(await seenByB(ofB.id)).toContain('another partner')
    // A report of A's that counted nothing for B goes without scoring B's again…
    const quiet = await rescoredBy(() => ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${uncounted.id as string}`, headers: bearer(a.token) }))
    expect(quiet).not.toContain(ofB.id)
    // …the one whose deletion B counted takes it away at once.
    const loud = await rescoredBy(() => ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${counted.id as string}`, headers: bearer(a.token) }))
    expect(loud).toContain(ofB.id)
    expect(await seenByB(ofB.id)).not.toContain('another partner')
  })
})
