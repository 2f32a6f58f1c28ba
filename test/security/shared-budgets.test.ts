/**
 * The hostile partner reads the service's budgets (docs/security.md §4, docs/disclosure-policy.md §2): a budget shared
 * with another partner would show that partner's activity in B's `x-ratelimit-*` headers or 429s. The request rate
 * limit is per key and the identity-change budget per partner: another partner using either up changes nothing B sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDENTITY_CHANGES_PER_PARTNER_PER_DAY, IDENTITY_CHANGES_PER_REPORT_PER_DAY } from '../../src/intake/disclosure.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

type Json = Record<string, any>
const RATE_LIMIT_MAX = 200

describe('hostile partner: no budget is shared with another partner', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: String(RATE_LIMIT_MAX) } })
    const admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Partner A')
    b = await createPartner(ctx, admin.token, 'Hostile partner B')
  })
  afterAll(async () => { await ctx.close() })

  const post = async (token: string, fullName: string): Promise<Json> => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: { mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName, dateOfBirth: '1975-05-05' } } })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  const rename = async (token: string, id: string, revision: number, fullName: string) =>
    await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${id}`, headers: { ...bearer(token), 'if-match': `"${revision}"` }, payload: { subject: { fullName } } })

  it('another partner using up its identity-change budget leaves B\'s untouched (and its alerts unseen)', async () => {
    const reports = IDENTITY_CHANGES_PER_PARTNER_PER_DAY / IDENTITY_CHANGES_PER_REPORT_PER_DAY
    for (let r = 0; r < reports; r++) {
      const { id } = await post(a.token, `Budget Spender ${r}`)
      for (let change = 1; change <= IDENTITY_CHANGES_PER_REPORT_PER_DAY; change++) {
        expect((await rename(a.token, id, change, `Budget Spender ${r} v${change}`)).statusCode).toBe(200)
      }
    }
    const { id: last } = await post(a.token, 'Budget Spender last')
    expect((await rename(a.token, last, 1, 'Budget Spender refused')).statusCode).toBe(429)
    const { id: mine } = await post(b.token, 'Budget Watcher')
    expect((await rename(b.token, mine, 1, 'Budget Watcher changed')).statusCode).toBe(200)
    const events = (await ctx.app.inject({ url: '/v1/me/audit-events?limit=200', headers: bearer(b.token) })).json().items as Json[]
    expect(events.map((e) => e.action)).not.toContain('disclosure.probing_suspected')
  })

  it('another partner\'s requests, up to its 429s, do not show in B\'s rate-limit headers', async () => {
    const read = async (token: string) => await ctx.app.inject({ url: '/v1/me/api-keys', headers: bearer(token) })
    const first = await read(b.token)
    const remaining = Number(first.headers['x-ratelimit-remaining'])
    expect(remaining).toBeGreaterThan(0)
    let status = 200
    for (let i = 0; i < RATE_LIMIT_MAX + 1 && status !== 429; i++) status = (await read(a.token)).statusCode
    expect(status).toBe(429)
    const next = await read(b.token)
    expect(next.statusCode).toBe(200)
    expect(Number(next.headers['x-ratelimit-remaining'])).toBe(remaining - 1)
  })
})
