/**
 * The hostile partner of issue #15 at full volume (docs/disclosure-policy.md): partner B holds a name that
 * partner A reported and spends well over 1,000 requests trying to learn what A knows: its date of birth (F1,
 * by filing and by patching), its aliases, its facts (F2, through B's own scores and A's), its ids (F5,
 * through linkedReportIds) and its text (F3). On real PostgreSQL with real scoring.
 *
 * What B observes for the right guess and for the wrong ones must be the same; and nothing B receives may
 * hold an id, date, alias or text of A's that B did not send itself.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDENTITY_CHANGES_PER_PARTNER_PER_DAY, IDENTITY_CHANGES_PER_REPORT_PER_DAY } from '../../src/intake/disclosure.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { ksTwoSample } from '../security/kolmogorov-smirnov.ts'

type Json = Record<string, any>

const NAME = 'Ibragim Secretov'
const SECRET_DOB = '1986-07-19'
const SECRET_ALIAS = 'Ibrahim Sekretov'
const DELETED_ON = '2021-04-01'
const CANARY = `CANARY-Hostile-${randomUUID().slice(0, 8)}`
/** Date guesses: a year of days around the secret one, the secret included once. */
const DOB_GUESSES = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(1986, 0, 1 + i)).toISOString().slice(0, 10))
const ALIAS_GUESSES = [SECRET_ALIAS, ...Array.from({ length: 39 }, (_, i) => `Ibrahim Guessov${String.fromCharCode(97 + (i % 26))}${i}`)]
const LINK_PROBES = 300

describe('the hostile partner (issue #15, docs/disclosure-policy.md)', () => {
  let ctx: TestContext
  let queue: InProcessQueue
  let admin: { token: string, partnerId: string }
  let a: PartnerKey
  let b: PartnerKey
  /** The same hostile organisation's other partner accounts: each phase's own reports stay apart from the others'. */
  let bAliases: PartnerKey
  let bPatches: PartnerKey
  let analyst: { token: string }
  const ofA: Json[] = []
  /** Every body B received, to sweep for A's secrets at the end. */
  const received: string[] = []
  let requests = 0
  /** A's score histories once A alone had filed. */
  let aScoresAtStart = ''

  beforeAll(async () => {
    ctx = await createTestContext({
      env: { LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000' },
      queue: (database, log) => { queue = new InProcessQueue({ handler: createScoringJobHandler({ db: database.db, log }), concurrency: 4, log }); return queue }
    })
    admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Partner A')
    b = await createPartner(ctx, admin.token, 'Hostile partner B')
    bAliases = await createPartner(ctx, admin.token, 'Hostile partner B (aliases)')
    bPatches = await createPartner(ctx, admin.token, 'Hostile partner B (patches)')
    analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
    // A's reports on the person: a deletion, an alias, a charge naming a relative, notes.
    for (const requestingCountry of ['RU', 'TJ']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/red-notices',
        headers: bearer(a.token),
        payload: {
          mechanism: 'red_notice',
          requestingCountry,
          interpolNoticeId: '2018/55555',
          subject: { fullName: NAME, aliases: [SECRET_ALIAS], dateOfBirth: SECRET_DOB, notes: `notes ${CANARY}` },
          charges: [{ description: `Financing ${CANARY}`, category: 'economic' }],
          events: [{ type: 'notice_deleted', date: DELETED_ON, grounds: 'political', note: `note ${CANARY}` }]
        }
      })
      expect(res.statusCode, res.body).toBe(201)
      ofA.push(res.json())
    }
    await settle()
    aScoresAtStart = JSON.stringify(await scoreOfA())
  }, 120_000)
  afterAll(async () => { await ctx.close() })

  async function settle (): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 200))
    await queue.drain()
  }
  /** B's requests: counted, and every answer kept for the sweep. */
  async function asB (options: { method?: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers?: Record<string, string>, as?: PartnerKey }) {
    requests++
    const res = await ctx.app.inject({ method: options.method ?? 'GET', url: options.url, headers: { ...bearer((options.as ?? b).token), ...options.headers }, payload: options.payload as object })
    received.push(JSON.stringify(res.headers), res.body)
    return res
  }
  /** B's own report: facts that would raise A's score if they counted (a protective refusal). */
  const bReport = (subject: Json) => ({
    mechanism: 'red_notice',
    requestingCountry: 'RU',
    subject,
    events: [{ type: 'extradition_refused', date: '2020-01-01', country: 'FR', grounds: 'torture_risk' }]
  })
  /** What a view tells about matching, leaving out what B sent and what is unique to each report. */
  const signals = (view: Json) => JSON.stringify({ others: view.otherReportsOnSubject, status: view.scoreStatus, score: view.currentScore, revision: view.revision })
  const scoreOfA = async () => await Promise.all(ofA.map(async (r) => (await ctx.app.inject({ url: `/v1/red-notices/${r.id as string}/scores`, headers: bearer(a.token) })).json().items))

  it('F1 by filing: a year of birth dates, filed, read and scored, shows the right one nowhere', async () => {
    const before = await scoreOfA()
    const filed: Array<{ guess: string, view: Json }> = []
    for (const guess of DOB_GUESSES) {
      const res = await asB({ method: 'POST', url: '/v1/red-notices', payload: bReport({ fullName: NAME, dateOfBirth: guess }) })
      expect(res.statusCode, res.body).toBe(201)
      filed.push({ guess, view: res.json() })
    }
    await settle()
    const reads = new Map<string, string[]>()
    for (const { guess, view } of filed) {
      const read = (await asB({ url: `/v1/red-notices/${view.id as string}` })).json()
      const scored = (await asB({ url: `/v1/red-notices/${view.id as string}/score` })).json()
      expect(read.subjectId).toBe(view.subjectId)
      // The score minus its report-specific members: the same rules over the same facts.
      const explanation = JSON.stringify({ score: scored.score, band: scored.band, contributions: scored.contributions })
      reads.set(guess, [signals(view), signals(read), explanation])
    }
    const right = reads.get(SECRET_DOB)!
    const wrong = [...reads].filter(([guess]) => guess !== SECRET_DOB).map(([, seen]) => JSON.stringify(seen))
    expect(new Set(wrong).size).toBe(1)
    expect(JSON.stringify(right)).toBe(wrong[0])
    // Every pseudonym differs: no two of B's reports, the right one included, share a subject id.
    expect(new Set(filed.map(({ view }) => view.subjectId)).size).toBe(filed.length)
    // A's scores did not move: B's facts wait for the secretariat.
    expect(JSON.stringify(await scoreOfA())).toBe(JSON.stringify(before))
    // The secretariat saw the one real match, with B's partner on it.
    const subjectOfA = (await ctx.app.inject({ url: `/v1/red-notices/${ofA[0]!.id as string}`, headers: bearer(analyst.token) })).json().subjectId
    const pending = (await ctx.app.inject({ url: `/v1/audit-events?action=subject.match_pending&targetId=${subjectOfA as string}`, headers: bearer(admin.token) })).json()
    expect(pending.items.map((event: Json) => event.details.partnerId)).toContain(b.partnerId)
  }, 600_000)

  it('F1 by filing aliases: the right alias with the right date looks like any other', async () => {
    const filed = new Map<string, Json>()
    for (const [i, alias] of ALIAS_GUESSES.entries()) {
      // A cover name of its own for each guess, so B's own reports do not match each other.
      const cover = `Cover ${['Abram', 'Boris', 'Chingiz', 'Daud', 'Emil', 'Farid', 'Gleb', 'Hasan'][i % 8]!} ${['Kuznetsov', 'Lebedev', 'Morozov', 'Novikov', 'Orlov'][Math.floor(i / 8)]!}`
      const res = await asB({ as: bAliases, method: 'POST', url: '/v1/red-notices', payload: bReport({ fullName: cover, aliases: [alias], dateOfBirth: SECRET_DOB }) })
      expect(res.statusCode, res.body).toBe(201)
      filed.set(alias, res.json())
    }
    await settle()
    const seen = new Map<string, string>()
    for (const [alias, view] of filed) {
      const read = (await asB({ as: bAliases, url: `/v1/red-notices/${view.id as string}` })).json()
      const scored = (await asB({ as: bAliases, url: `/v1/red-notices/${view.id as string}/score` })).json()
      seen.set(alias, signals(view) + signals(read) + JSON.stringify({ score: scored.score, contributions: scored.contributions }))
    }
    // The right alias did match A's subject (as the secretariat sees it), and no wrong one did.
    const subjectOf = async (id: string) => (await ctx.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(analyst.token) })).json().subjectId as string
    const subjectOfA = await subjectOf(ofA[0]!.id)
    expect(await subjectOf(filed.get(SECRET_ALIAS)!.id)).toBe(subjectOfA)
    expect(await subjectOf(filed.get(ALIAS_GUESSES[1]!)!.id)).not.toBe(subjectOfA)
    const wrong = new Set([...seen].filter(([alias]) => alias !== SECRET_ALIAS).map(([, s]) => s))
    expect(wrong.size).toBe(1)
    expect(seen.get(SECRET_ALIAS)).toBe([...wrong][0])
  }, 300_000)

  it('F1 by patching: the budget answers by count alone, and the changes it allows tell nothing', async () => {
    const reports: Json[] = []
    for (let i = 0; i < 15; i++) {
      const res = await asB({ as: bPatches, method: 'POST', url: '/v1/red-notices', payload: bReport({ fullName: NAME, dateOfBirth: `1985-01-${String(i + 1).padStart(2, '0')}` }) })
      reports.push(res.json())
    }
    // The secret date is among the first allowed changes; the rest go on well past the partner's budget.
    const patches: Array<{ report: number, guess: string, status: number, seen: string, subjectId: string }> = []
    const revisions = reports.map(() => 1)
    let guessIndex = DOB_GUESSES.indexOf(SECRET_DOB) - 1
    for (let round = 0; round < 5; round++) {
      for (let r = 0; r < reports.length; r++) {
        const guess = DOB_GUESSES[guessIndex++ % DOB_GUESSES.length]!
        const res = await asB({ as: bPatches, method: 'PATCH', url: `/v1/red-notices/${reports[r]!.id as string}`, headers: { 'if-match': `"${revisions[r]!}"` }, payload: { subject: { dateOfBirth: guess } } })
        if (res.statusCode === 200) revisions[r]!++
        const body = res.json()
        patches.push({ report: r, guess, status: res.statusCode, seen: res.statusCode === 200 ? signals(body) : JSON.stringify({ ...body, instance: null }), subjectId: body.subjectId })
      }
    }
    // Which changes pass depends only on how many came before: per report, then per partner.
    const perReport = new Map<number, number>()
    let total = 0
    const expected = patches.map(({ report }) => {
      const done = perReport.get(report) ?? 0
      const allowed = done < IDENTITY_CHANGES_PER_REPORT_PER_DAY && total < IDENTITY_CHANGES_PER_PARTNER_PER_DAY
      if (allowed) { perReport.set(report, done + 1); total++ }
      return allowed ? 200 : 429
    })
    expect(patches.map((p) => p.status)).toEqual(expected)
    const right = patches.find((p) => p.guess === SECRET_DOB)!
    expect(right.status).toBe(200)
    // Every allowed change answers what any change of B's own report answers (no other report of B's shares
    // the new date); every refused one the same problem.
    const counted = new Map<number, number>()
    for (const p of patches.filter((x) => x.status === 200)) {
      const revision = (counted.get(p.report) ?? 1) + 1
      counted.set(p.report, revision)
      expect(p.seen, `${p.guess}`).toBe(signals({ otherReportsOnSubject: 0, scoreStatus: 'pending', currentScore: null, revision }))
    }
    expect(new Set(patches.filter((p) => p.status === 429).map((p) => p.seen)).size).toBe(1)
    // The pseudonym never moves.
    for (const p of patches.filter((x) => x.status === 200)) expect(p.subjectId).toBe(reports[p.report]!.subjectId)
    // The secretariat was alerted.
    const alerts = (await ctx.app.inject({ url: '/v1/audit-events?action=disclosure.probing_suspected&limit=200', headers: bearer(admin.token) })).json()
    expect(alerts.items.filter((e: Json) => e.details.partnerId === bPatches.partnerId && e.details.refused === true).length).toBeGreaterThan(0)
  }, 300_000)

  it(`F5: ${LINK_PROBES} of A's ids and ${LINK_PROBES} unknown ids in linkedReportIds get the same answer, in the same time`, async () => {
    const body = (id: string) => ({ ...bReport({ fullName: 'Link Prober', dateOfBirth: '1990-01-01' }), linkedReportIds: [id] })
    const time = async (id: string) => {
      const start = process.hrtime.bigint()
      const res = await asB({ method: 'POST', url: '/v1/red-notices', payload: body(id) })
      return { elapsed: Number(process.hrtime.bigint() - start), res }
    }
    for (let i = 0; i < 40; i++) await time(i % 2 === 0 ? ofA[0]!.id : randomUUID())
    const known: number[] = []
    const unknown: number[] = []
    const answers = new Set<string>()
    let state = 0x15
    for (let i = 0; i < LINK_PROBES; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      const pair = [ofA[i % ofA.length]!.id as string, randomUUID()]
      if (state & 1) pair.reverse()
      for (const id of pair) {
        const { elapsed, res } = await time(id)
        expect(res.statusCode).toBe(422)
        answers.add(JSON.stringify({ ...res.json(), instance: null }))
        ;(ofA.some((r) => r.id === id) ? known : unknown).push(elapsed)
      }
    }
    expect(answers.size).toBe(1)
    const ks = ksTwoSample(known, unknown)
    console.log(`F5 timing: KS D=${ks.d.toFixed(3)} p=${ks.p.toFixed(3)} over ${known.length}+${unknown.length} samples`)
    expect(ks.p).toBeGreaterThan(0.01)
  }, 300_000)

  it('F2/F3: nothing B received holds an id, date, alias or text of A\'s it did not send itself; A\'s score never moved', async () => {
    await settle()
    const all = received.join('\n')
    for (const secret of [...ofA.map((r) => r.id as string), a.partnerId, DELETED_ON, CANARY, '2018/55555', 'Financing']) {
      expect(all.includes(secret), `B learned ${secret}`).toBe(false)
    }
    // B sent the right alias only as a guess among 40 (as an alias of its own): never as A's.
    expect(all.includes(`"aliases":["${SECRET_ALIAS}"]`)).toBe(true)
    expect(JSON.stringify(await scoreOfA()), 'A\'s scores are as before B came').toBe(aScoresAtStart)
    console.log(`hostile partner: ${requests} requests`)
    expect(requests).toBeGreaterThanOrEqual(1000)
  })
})
