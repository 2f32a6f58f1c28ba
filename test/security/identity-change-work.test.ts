/**
 * The hostile partner times its identity changes (docs/disclosure-policy.md §7, "Timing"): a filing asks whether its
 * subject holds another partner's report whatever it matched, so only the secretariat's one event depends on the
 * match. An identity change (PATCH of name, aliases or birth date) must do the same: B changes one of its reports to
 * a name and birth date it suspects A reported, and compares the answer's time with a change to a made-up person.
 * Rather than time it, this compares the statements each change sends to PostgreSQL (the app runs in this process,
 * with its one `pg`): the same texts in the same order, except the secretariat's pending-match event.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { startRecordingPair } from './partner-pair.ts'

type Json = Record<string, any>

const originalQuery = pg.Client.prototype.query
const trace: string[] = []
function startTracing (): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0]
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text
    if (typeof text === 'string') trace.push(text.replace(/\s+/g, ' ').trim())
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof pg.Client.prototype.query
}

describe('hostile partner: the work of an identity change does not depend on another partner\'s report', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey

  beforeAll(async () => {
    ({ ctx, a, b } = await startRecordingPair())
    startTracing()
  })
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery
    await ctx.close()
  })

  const post = async (token: string, fullName: string, dateOfBirth: string): Promise<Json> => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: { mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth } } })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  /** The statements one identity change sends, the after-commit work included. */
  const traced = async (id: string, fullName: string, dateOfBirth: string): Promise<string[]> => {
    await new Promise((resolve) => setTimeout(resolve, 50))
    trace.length = 0
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${id}`, headers: { ...bearer(b.token), 'if-match': '"1"' }, payload: { subject: { fullName, dateOfBirth } } })
    expect(res.statusCode, res.body).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 100))
    return [...trace]
  }

  it('sends the same statements whether the new identity matches another partner\'s report or nobody\'s, but for the secretariat\'s event', async () => {
    await post(a.token, 'Timed Knownova', '1988-08-08')
    const control = await post(b.token, 'Control Firstova', '1971-01-01')
    const probe = await post(b.token, 'Probe Firstova', '1971-01-02')
    // Warm-up: B's key verified, the statements prepared.
    await traced((await post(b.token, 'Warm Upova', '1971-01-03')).id, 'Warm Upova Changed', '1971-01-03')

    const nobody = await traced(control.id, 'Made Upova', '1988-08-09')
    const matched = await traced(probe.id, 'Timed Knownova', '1988-08-08')
    const pending = matched.findIndex((text, i) => text !== nobody[i])
    // The one statement that depends on the match: the secretariat's event on the subject (as for a filing).
    expect(matched[pending]).toMatch(/^insert into audit_events/)
    expect(matched.filter((_, i) => i !== pending)).toEqual(nobody)
  })
})
