/**
 * The hostile partner's stopwatch (docs/disclosure-policy.md §7): partner B files, for each of 300 names partner A
 * reported, one report with A's birth date (it matches A's subject) and one with the next day (it matches
 * nothing), in alternating order, and times each answer. The match-dependent work of a filing is the
 * secretariat's one event row; everything else runs for every filing (file_red_notices, migration 0037), so the
 * two distributions must not be told apart (two-sample Kolmogorov–Smirnov, p > 0.01). Scoring is left queued, so
 * that the worker's load does not blur the comparison.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { ksTwoSample } from '../security/kolmogorov-smirnov.ts'

const NAMES = 300
const nameOf = (i: number) => `Timed ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}person`

describe('filing timing: a match takes as long as no match', () => {
  let ctx: TestContext
  let admin: { token: string }
  let a: PartnerKey
  let b: PartnerKey

  beforeAll(async () => {
    ctx = await createTestContext({ env: { LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000' }, queue: new RecordingQueue() })
    admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Partner A')
    b = await createPartner(ctx, admin.token, 'Hostile partner B')
    for (let i = 0; i < NAMES; i++) await file(a, nameOf(i), '1970-01-01')
  }, 120_000)
  afterAll(async () => { await ctx.close() })

  async function file (who: PartnerKey, fullName: string, dateOfBirth: string): Promise<number> {
    const start = process.hrtime.bigint()
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(who.token), payload: { mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth } } })
    const elapsed = Number(process.hrtime.bigint() - start)
    expect(res.statusCode, res.body).toBe(201)
    return elapsed
  }

  it(`${NAMES} matching and ${NAMES} non-matching filings: KS p > 0.01`, async () => {
    const times: Record<'match' | 'miss', number[]> = { match: [], miss: [] }
    // Warm-up, not measured.
    for (let i = 0; i < 20; i++) await file(b, `Warmup ${nameOf(i)}`, '1980-01-01')
    for (let i = 0; i < NAMES; i++) {
      for (const kind of (i % 2 === 0 ? ['match', 'miss'] as const : ['miss', 'match'] as const)) {
        times[kind].push(await file(b, nameOf(i), kind === 'match' ? '1970-01-01' : '1970-01-02'))
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]! / 1e6
    const ks = ksTwoSample(times.match, times.miss)
    console.log(`filing timing: median ms match ${median(times.match).toFixed(3)} vs miss ${median(times.miss).toFixed(3)}; KS D=${ks.d.toFixed(3)} p=${ks.p.toFixed(3)}`)
    // The secretariat did see the matches: the comparison is between real matches and real misses.
    const pending = (await ctx.app.inject({ url: '/v1/audit-events?action=subject.match_pending&limit=200', headers: bearer(admin.token) })).json().items as Array<{ details: { partnerId: string } }>
    expect(pending.filter((event) => event.details.partnerId === b.partnerId)).toHaveLength(200)
    expect(ks.p).toBeGreaterThan(0.01)
  }, 300_000)
})
