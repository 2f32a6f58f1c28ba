/**
 * Webhook hardening (issue 15, smaller findings): the SSRF guard refuses every special-purpose address of the
 * IANA IPv4 and IPv6 registries in every spelling, and a partner holds a bounded number of subscriptions,
 * each URL once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPublicAddress, parseTargetUrl } from '../../src/webhooks/targets.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'
import { expectProblem } from '../security/support.ts'

// One address inside each block of the IANA IPv4 Special-Purpose Address Registry (and multicast).
const SPECIAL_V4 = [
  '0.0.0.0', '0.1.2.3', '10.20.30.40', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.255.254', '169.254.169.254',
  '172.16.0.1', '172.31.255.254', '192.0.0.1', '192.0.0.9', '192.0.0.170', '192.0.2.1', '192.31.196.1', '192.52.193.1',
  '192.88.99.1', '192.168.1.1', '192.175.48.1', '198.18.0.1', '198.19.255.254', '198.51.100.1', '203.0.113.1',
  '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255'
]

// One address inside each block of the IANA IPv6 Special-Purpose Address Registry, and the forms that carry an
// IPv4 address: IPv4-compatible (deprecated), IPv4-mapped, NAT64 (well-known and local-use), 6to4 and Teredo.
const SPECIAL_V6 = [
  '::', '::1', '::127.0.0.1', '::7f00:1', '::10.0.0.1', '::8.8.8.8', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
  '::ffff:169.254.169.254', '::ffff:0:7f00:1', '64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b::8.8.8.8', '64:ff9b:1::a00:1',
  '100::1', '100:0:0:1::1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:1::1', '2001:1::2', '2001:2::1',
  '2001:3::1', '2001:4:112::1', '2001:10::1', '2001:20::1', '2001:30::1', '2001:db8::1', '2002:7f00:1::1', '2002:c0a8:101::1',
  '2620:4f:8000::1', '3fff::1', '5f00::1', 'fc00::1', 'fd12:3456:789a::1', 'fe80::1', 'febf::1', 'fec0::1', 'ff02::1', 'ff0e::fb',
  // Outside 2000::/3 without a registry entry of its own: not allocated as global unicast.
  '4000::1', 'e000::1'
]

const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:81b::200e', '::ffff:8.8.8.8']

const literal = (address: string): string => address.includes(':') ? `[${address}]` : address

describe('the SSRF guard', () => {
  it.each([...SPECIAL_V4, ...SPECIAL_V6])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false)
    expect(() => parseTargetUrl(`https://${literal(address)}/hook`, false)).toThrow(/private_address|invalid_url/)
  })

  it.each(PUBLIC)('accepts the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true)
    expect(parseTargetUrl(`https://${literal(address)}/hook`, false)).toBeInstanceOf(URL)
  })

  it('refuses https://[::127.0.0.1]/, which the URL parser writes [::7f00:1]', () => {
    expect(new URL('https://[::127.0.0.1]/').hostname).toBe('[::7f00:1]')
    expect(() => parseTargetUrl('https://[::127.0.0.1]/', false)).toThrow(/private_address/)
  })
})

describe('webhook subscriptions per partner', () => {
  let ctx: TestContext
  let admin: string
  beforeAll(async () => {
    ctx = await createTestContext({ env: { WEBHOOK_MAX_SUBSCRIPTIONS: '3' } })
    admin = await insertAdminKey(ctx)
  })
  afterAll(async () => { await ctx.close() })

  const create = async (token: string, url: string) =>
    await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(token), payload: { url, events: ['score.band_raised'] } })

  it('refuses https://[::127.0.0.1]/ through the API with a 400 naming /url', async () => {
    const { token } = await createPartnerWithKey(ctx, admin, 'reporter')
    const problem = expectProblem(await create(token, 'https://[::127.0.0.1]/'), 400)
    expect(problem.errors).toEqual([{ pointer: '/url', message: expect.stringContaining('private') }])
  })

  it('refuses a second live subscription to the same URL, in any spelling of it, with 409 problem+json', async () => {
    const { token } = await createPartnerWithKey(ctx, admin, 'reporter')
    const first = await create(token, 'https://93.184.215.14/same')
    expect(first.statusCode, first.body).toBe(201)
    for (const again of ['https://93.184.215.14/same', 'https://93.184.215.14:443/same', 'HTTPS://93.184.215.14/same']) {
      const problem = expectProblem(await create(token, again), 409)
      expect(String(problem.detail)).toContain(first.json().id)
    }
    // Deleting it frees the URL.
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/webhooks/${first.json().id as string}`, headers: bearer(token) })).statusCode).toBe(204)
    expect((await create(token, 'https://93.184.215.14/same')).statusCode).toBe(201)
  })

  it('holds at most WEBHOOK_MAX_SUBSCRIPTIONS live subscriptions per partner, even when they are created at once', async () => {
    const { token } = await createPartnerWithKey(ctx, admin, 'reporter')
    const results = await Promise.all(Array.from({ length: 8 }, async (_, i) => await create(token, `https://93.184.215.14/many/${i}`)))
    expect(results.filter((res) => res.statusCode === 201)).toHaveLength(3)
    for (const refused of results.filter((res) => res.statusCode !== 201)) {
      expect(String(expectProblem(refused, 409).detail)).toMatch(/already has 3 live webhook subscriptions, the most this service allows \(3\)/)
    }
    const listed = (await ctx.app.inject({ url: '/v1/webhooks', headers: bearer(token) })).json()
    expect(listed.items).toHaveLength(3)
    // Another partner's subscriptions do not count against this one, and its URLs may be the same.
    const other = await createPartnerWithKey(ctx, admin, 'reporter')
    expect((await create(other.token, 'https://93.184.215.14/many/0')).statusCode).toBe(201)
  })

  it('defaults to 10', async () => {
    const { loadConfig } = await import('../../src/config.ts')
    expect(loadConfig({}).webhooks.maxSubscriptionsPerPartner).toBe(10)
  })
})
