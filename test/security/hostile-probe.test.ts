/**
 * The hostile partner's side channels beyond disclosure.test.ts (docs/disclosure-policy.md): partner B holds
 * names and a birth date and files reports of its own to learn whether another partner's report ties them
 * together (through its own scores), or whether its filing matched at all (through the numbering of its audit
 * events). Each case compares what B sees with A's report present against what it sees without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InProcessQueue } from '../../src/queue/in-process.ts'
import { bearer, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { ownerQuery, settle as settleQueue, startPartnerPair } from './partner-pair.ts'

type Json = Record<string, any>

describe('hostile partner: side channels of a match', () => {
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
  const post = async (token: string, payload: unknown) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: payload as object })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as Json
  }
  const score = async (token: string, id: string): Promise<Json> => (await ctx.app.inject({ url: `/v1/red-notices/${id}/score`, headers: bearer(token) })).json()
  const subjectOf = async (id: string): Promise<string> => (await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(analyst.token) })).json().subjectId
  /** A report with a political deletion: what would raise a linked report's score. */
  const withDeletion = (fullName: string, dateOfBirth: string) => ({
    mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth }, events: [{ type: 'notice_deleted', date: '2021-04-01', grounds: 'political' }]
  })
  const plain = (fullName: string, dateOfBirth: string) => ({ mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth } })
  /** What B can see of its second report, less what is unique to each report. */
  const seen = (view: Json, scored: Json) => JSON.stringify({ others: view.otherReportsOnSubject, score: scored.score, band: scored.band, contributions: scored.contributions })

  it('B\'s two reports that share no blind index do not count each other because A\'s report bridges them', async () => {
    // A knows the person under two names: its report's name and alias share the birth date.
    const ofA = await post(a.token, { ...plain('Bridget Knownova', '1979-03-03'), subject: { fullName: 'Bridget Knownova', aliases: ['Maria Hiddenova'], dateOfBirth: '1979-03-03' } })
    await settle()
    // B files one name with a deletion, then the other name, plain: are they the same person?
    const probe = async (dateOfBirth: string) => {
      const first = await post(b.token, withDeletion('Bridget Knownova', dateOfBirth))
      const second = await post(b.token, plain('Maria Hiddenova', dateOfBirth))
      await settle()
      return { first, second, seen: seen((await ctx.app.inject({ url: `/v1/red-notices/${second.id as string}`, headers: bearer(b.token) })).json(), await score(b.token, second.id)) }
    }
    const bridged = await probe('1979-03-03')
    const control = await probe('1979-03-04')
    // The secretariat's view: A's report did put both of B's reports on its subject, and nothing did in the control.
    const subjectOfA = await subjectOf(ofA.id)
    expect(await subjectOf(bridged.first.id)).toBe(subjectOfA)
    expect(await subjectOf(bridged.second.id)).toBe(subjectOfA)
    expect(await subjectOf(control.second.id)).not.toBe(await subjectOf(control.first.id))
    // B's view: the same, bridged or not.
    expect(bridged.seen).toBe(control.seen)
    // And the first report's score did not move when the second arrived.
    expect(JSON.stringify((await score(b.token, bridged.first.id)).contributions)).toBe(JSON.stringify((await score(b.token, control.first.id)).contributions))
  })

  it('B\'s two reports that share a blind index count each other even when A\'s subject takes the second one', async () => {
    // A's report on (name, birth date); its subject sorts before any other, so a report matching it and another
    // subject joins A's (resolveSubject: the first subject in order).
    const ofA = await post(a.token, plain('Splitter Knownov', '1981-08-08'))
    const low = '00000000-0000-4000-8000-000000000001'
    await query('update subject_indexes set subject_id = $1 where report_id = $2', [low, ofA.id])
    await query('update red_notices set subject_id = $1 where id = $2', [low, ofA.id])
    await settle()
    const probe = async (dateOfBirth: string) => {
      // B: the alias alone with a deletion, then the name and the alias with a protective refusal.
      const first = await post(b.token, withDeletion('Oleg Splitaliasov', dateOfBirth))
      const second = await post(b.token, {
        ...plain('Splitter Knownov', dateOfBirth),
        subject: { fullName: 'Splitter Knownov', aliases: ['Oleg Splitaliasov'], dateOfBirth },
        events: [{ type: 'extradition_refused', date: '2020-01-01', country: 'FR', grounds: 'torture_risk' }]
      })
      await settle()
      const view = async (id: string) => seen((await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(b.token) })).json(), await score(b.token, id))
      return { first, second, seen: [await view(first.id), await view(second.id)] }
    }
    const split = await probe('1981-08-08')
    const control = await probe('1981-08-09')
    // The secretariat's view: A's subject took B's second report away from its first; in the control they are together.
    expect(await subjectOf(split.second.id)).toBe(low)
    expect(await subjectOf(split.first.id)).not.toBe(low)
    expect(await subjectOf(control.second.id)).toBe(await subjectOf(control.first.id))
    expect(split.seen).toEqual(control.seen)
    // And B's own reports did count each other (otherwise the test would prove nothing).
    expect(split.seen[1]).toContain('linked/priorDeletions=1')
  })

  it('an identity change scores again the partner\'s reports that shared a blind index with it, whatever their subject', async () => {
    const ofA = await post(a.token, plain('Patcher Knownov', '1982-09-09'))
    const low = '00000000-0000-4000-8000-000000000002'
    await query('update subject_indexes set subject_id = $1 where report_id = $2', [low, ofA.id])
    await query('update red_notices set subject_id = $1 where id = $2', [low, ofA.id])
    await settle()
    const probe = async (dateOfBirth: string) => {
      const first = await post(b.token, plain('Ivan Patchaliasov', dateOfBirth))
      const second = await post(b.token, { ...withDeletion('Patcher Knownov', dateOfBirth), subject: { fullName: 'Patcher Knownov', aliases: ['Ivan Patchaliasov'], dateOfBirth } })
      await settle()
      const counted = seen({}, await score(b.token, first.id))
      // B drops the alias: its first report no longer shares an index with the second.
      const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${second.id as string}`, headers: { ...bearer(b.token), 'if-match': '"1"' }, payload: { subject: { aliases: null } } })
      expect(res.statusCode, res.body).toBe(200)
      await settle()
      return { counted, after: seen({}, await score(b.token, first.id)) }
    }
    const split = await probe('1982-09-09')
    const control = await probe('1982-09-10')
    expect(control.counted).not.toBe(control.after)
    expect(split).toEqual(control)
  })

  it('the audit event ids and cursors a partner reads count no one else\'s events (a pending match takes one)', async () => {
    await post(a.token, plain('Counted Person', '1983-10-10'))
    await settle()
    /** B files a guess and reads it back: two events of its own, and whatever the service recorded between them. */
    const fileAndRead = async (dateOfBirth: string) => {
      const filed = await post(b.token, plain('Counted Person', dateOfBirth))
      await ctx.app.inject({ url: `/v1/red-notices/${filed.id as string}`, headers: bearer(b.token) })
      const mine = (await ctx.app.inject({ url: `/v1/me/audit-events?targetId=${filed.id as string}`, headers: bearer(b.token) })).json().items as Json[]
      const all = (await ctx.app.inject({ url: `/v1/audit-events?targetId=${filed.id as string}`, headers: bearer(admin.token) })).json().items as Json[]
      return { mine, all }
    }
    const wrong = await fileAndRead('1983-10-11')
    const right = await fileAndRead('1983-10-10')
    // The service's own numbering: the pending match on the right guess took a number between B's two events.
    const gap = (items: Json[]) => (items[0]!.id as number) - (items[1]!.id as number)
    expect([gap(wrong.all), gap(right.all)]).toEqual([1, 2])
    // What B reads: its two events, not the service's numbering.
    for (const { mine, all } of [wrong, right]) {
      expect(mine.map((e) => e.action)).toEqual(['red_notice.read', 'red_notice.created'])
      for (const [i, event] of mine.entries()) expect(event.id).not.toBe(all[i]!.id)
    }
    // Nor does a cursor carry it.
    const paged = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=1', headers: bearer(b.token) })).json()
    const newest = (await ctx.app.inject({ url: '/v1/audit-events?limit=200', headers: bearer(admin.token) })).json().items as Json[]
    const decoded = JSON.parse(Buffer.from(paged.nextCursor as string, 'base64url').toString('utf8')) as Json
    expect(newest.map((e) => e.id)).not.toContain(decoded.id)
    // And the numbers B reads page as before: the next page starts right after the cursor's event.
    const next = (await ctx.app.inject({ url: `/v1/me/audit-events?limit=1&cursor=${paged.nextCursor as string}`, headers: bearer(b.token) })).json()
    const two = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=2', headers: bearer(b.token) })).json()
    expect([paged.items[0].id, next.items[0].id]).toEqual(two.items.map((e: Json) => e.id))
  })
})
