/**
 * The hostile partner asks for an analyst key of its own (docs/disclosure-policy.md, "Roles"). Analyst and admin
 * keys read every partner's reports, pseudonymised, with the subject id that links reports on one person: with one,
 * a partner that files reports would file a name and birth date, read its own report's subject and
 * `otherReportsOnSubject`, and list the subject's reports: whether another partner reported the person, when, what
 * it filed and how it scored, in two requests and under no identity-change budget. So a partner holds keys of one
 * side only: reporter keys, or the secretariat's analyst and admin keys. Issued through the API or the command line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey as createKeyByCli } from '../../src/admin/partners.ts'
import { bearer, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

type Json = Record<string, any>

describe('hostile partner: an analyst key of its own', () => {
  let ctx: TestContext
  let admin: { token: string, partnerId: string }
  let b: PartnerKey

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    admin = await seedAdmin(ctx)
    b = await createPartner(ctx, admin.token, 'Hostile partner B')
  })
  afterAll(async () => { await ctx.close() })

  const issue = async (partnerId: string, role: string) =>
    await ctx.app.inject({ method: 'POST', url: `/v1/partners/${partnerId}/api-keys`, headers: bearer(admin.token), payload: { role } })
  const keysOf = async (partnerId: string): Promise<Json[]> =>
    (await ctx.app.inject({ url: `/v1/partners/${partnerId}/api-keys`, headers: bearer(admin.token) })).json().items
  const issuedEvents = async (): Promise<number> =>
    (await ctx.app.inject({ url: '/v1/audit-events?action=api_key.created&limit=200', headers: bearer(admin.token) })).json().items.length

  it('a partner holding a reporter key is refused analyst and admin keys, and nothing is issued', async () => {
    const before = { keys: await keysOf(b.partnerId), events: await issuedEvents() }
    for (const role of ['analyst', 'admin']) {
      const res = await issue(b.partnerId, role)
      expect(res.statusCode, res.body).toBe(409)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().detail).toMatch(/never both/)
      expect(res.body).not.toContain(b.partnerId)
    }
    expect({ keys: await keysOf(b.partnerId), events: await issuedEvents() }).toEqual(before)
    // Another reporter key is B's to have.
    expect((await issue(b.partnerId, 'reporter')).statusCode).toBe(201)
  })

  it('a revoked reporter key still counts: the partner\'s reports stay', async () => {
    const c = await createPartner(ctx, admin.token, 'Partner C, keys revoked')
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/api-keys/${c.apiKeyId}`, headers: bearer(admin.token) })).statusCode).toBe(204)
    expect((await issue(c.partnerId, 'analyst')).statusCode).toBe(409)
  })

  it('the secretariat\'s partner is refused a reporter key; a partner of its own may hold analyst keys', async () => {
    expect((await issue(admin.partnerId, 'reporter')).statusCode).toBe(409)
    const analysts = await createPartner(ctx, admin.token, 'Secretariat analysts', 'analyst')
    expect((await issue(analysts.partnerId, 'analyst')).statusCode).toBe(201)
    expect((await issue(analysts.partnerId, 'admin')).statusCode).toBe(201)
    expect((await issue(analysts.partnerId, 'reporter')).statusCode).toBe(409)
  })

  it('the command line refuses the same', async () => {
    await expect(createKeyByCli(ctx.database.db, ctx.secrets.apiKeyPepper, { partnerId: b.partnerId, role: 'analyst', via: 'cli' })).rejects.toThrow(/never both/)
    expect((await keysOf(b.partnerId)).every((key) => key.role === 'reporter')).toBe(true)
  })

  it('two keys of different sides issued at once to a new partner: one is issued, the other refused', async () => {
    for (let i = 0; i < 5; i++) {
      const partner = (await ctx.app.inject({ method: 'POST', url: '/v1/partners', headers: bearer(admin.token), payload: { name: `Race ${i}` } })).json()
      const answers = await Promise.all([issue(partner.id, 'reporter'), issue(partner.id, 'analyst')])
      expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409])
      expect(new Set((await keysOf(partner.id)).map((key) => key.role === 'reporter')).size).toBe(1)
    }
  })
})
