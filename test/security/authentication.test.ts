/**
 * S14 / OWASP API2 (authentication) and API4 (resource consumption): every way of presenting no valid key
 * is the same 401 problem+json with WWW-Authenticate; revocation applies to the very next request; keys
 * are accepted from the Authorization header only; brute force from one address meets 429; a key's rate
 * limit does not touch other keys; oversize bodies and page sizes are refused; and no log line ever holds
 * a whole API key.
 */
import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateApiKey, hashSecret } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, partners } from '../../src/db/schema.ts'
import { bearer, createKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createWorld, expectProblem, FULL_API_KEY, type World } from './support.ts'

let address = 0
/** A client address of its own, so one test's failures do not count against another's. */
const freshAddress = () => `10.14.${(++address >> 8) & 255}.${address & 255}`

function expectUnauthorized (res: Awaited<ReturnType<TestContext['app']['inject']>>, what: string) {
  const body = expectProblem(res, 401, what)
  expect(res.headers['www-authenticate'], what).toBe('Bearer')
  expect(body.title).toBe('Unauthorized')
  return body
}

/** A key straight in the database, as the admin command line makes one: no API call, no rate limit spent. */
async function seedKey (ctx: TestContext, role: 'reporter' | 'analyst' | 'admin', partnerId?: string) {
  const key = generateApiKey()
  return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
    const owner = partnerId ?? (await tx.insert(partners).values({ name: `Seeded ${randomUUID()}` }).returning())[0]!.id
    const [row] = await tx.insert(apiKeys).values({ partnerId: owner, keyId: key.keyId, secretHash: hashSecret(ctx.secrets.apiKeyPepper, key.secret), role }).returning()
    return { token: key.token, id: row!.id, partnerId: owner }
  })
}

describe('authentication (S14)', () => {
  let ctx: TestContext
  let world: World
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    world = await createWorld(ctx)
  })
  afterAll(async () => { await ctx.close() })

  const get = (headers: Record<string, string>, url = '/v1/red-notices', remoteAddress = freshAddress()) =>
    ctx.app.inject({ url, headers, remoteAddress })

  it('refuses a missing header, other schemes and malformed tokens with the same 401', async () => {
    const valid = world.a.token
    const [, keyId, secret] = /^rnm_([0-9a-f]{32})_(.+)$/.exec(valid)!
    const details = new Set<unknown>()
    for (const authorization of [
      undefined, '', 'Bearer', 'Bearer ', `Basic ${Buffer.from(`user:${valid}`).toString('base64')}`, `Token ${valid}`, `Bearer${valid}`, valid,
      `Bearer ${valid.slice(0, -1)}`, `Bearer ${valid}x`, `Bearer ${valid.toUpperCase()}`, `Bearer rnm_${keyId}`, `Bearer rnm_${keyId}_`, `Bearer rnm__${secret}`,
      `Bearer xyz_${keyId}_${secret}`, `Bearer rnm_${keyId}_${secret!.replace(/.$/, '!')}`, `Bearer ${valid}, Bearer ${valid}`, `Bearer ${'A'.repeat(8000)}`,
      `Bearer rnm_${'0'.repeat(32)}_${secret}`, `Bearer ${valid}\u0000`, `Bearer rnm_${keyId}_${secret}=`
    ]) {
      const res = await get(authorization === undefined ? {} : { authorization })
      details.add(expectUnauthorized(res, `Authorization: ${String(authorization).slice(0, 60)}`).detail)
    }
    // One message for every kind of failure: the answer does not say which part was wrong.
    expect(details.size).toBe(1)
    expect((await get(bearer(valid))).statusCode).toBe(200)
  })

  it('refuses an unknown key id and a wrong secret for a real key id, alike', async () => {
    const unknown = await get(bearer(generateApiKey().token))
    const [, keyId] = /^rnm_([0-9a-f]{32})_/.exec(world.a.token)!
    const wrongSecret = await get(bearer(`rnm_${keyId}_${generateApiKey().secret}`))
    expectUnauthorized(unknown, 'unknown key id')
    expectUnauthorized(wrongSecret, 'wrong secret')
    expect({ ...unknown.json(), instance: 0 }).toEqual({ ...wrongSecret.json(), instance: 0 })
  })

  it('rejects a revoked key on the very next request, and only that key', async () => {
    const victim = await createKey(ctx, world.admin.token, world.a.partnerId, 'reporter')
    const sibling = await createKey(ctx, world.admin.token, world.a.partnerId, 'reporter')
    expect((await get(bearer(victim.token))).statusCode).toBe(200)
    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/v1/api-keys/${victim.apiKeyId}`, headers: bearer(world.admin.token) })
    expect(revoked.statusCode, revoked.body).toBe(204)
    expectUnauthorized(await get(bearer(victim.token)), 'revoked key, next request')
    expectUnauthorized(await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(victim.token), payload: chechenRedNotice() }), 'revoked key, write')
    expect((await get(bearer(sibling.token))).statusCode).toBe(200)
    // Revoking again names no active key.
    expectProblem(await ctx.app.inject({ method: 'DELETE', url: `/v1/api-keys/${victim.apiKeyId}`, headers: bearer(world.admin.token) }), 404)
  })

  it('answers requests racing each other with their own keys, looked up together: valid, revoked, unknown, wrong secret', async () => {
    const revokedKey = await createKey(ctx, world.admin.token, world.a.partnerId, 'reporter')
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/api-keys/${revokedKey.apiKeyId}`, headers: bearer(world.admin.token) })).statusCode).toBe(204)
    const [, keyId] = /^rnm_([0-9a-f]{32})_/.exec(world.a.token)!
    const presented = [world.a.token, revokedKey.token, generateApiKey().token, `rnm_${keyId}_${generateApiKey().secret}`, world.analyst.token]
    // Submitted in one turn of the event loop, the lookups share a batch (src/db/queries/api-keys.ts).
    const answers = await Promise.all(Array.from({ length: 4 }, () => presented).flat().map(async (token) => await get(bearer(token))))
    expect(answers.map((res) => res.statusCode)).toEqual(Array.from({ length: 4 }, () => [200, 401, 401, 401, 200]).flat())
  })

  it('never takes a key from the URL: keys in the query string or path are 401, even beside a valid header', async () => {
    const token = world.a.token
    const urls = [
      `/v1/red-notices?api_key=${token}`, `/v1/red-notices?token=${token}`, `/v1/red-notices?API_KEY=${token}`, `/v1/red-notices?apikey=${token}`,
      `/v1/red-notices?access_token=${token}`, `/v1/red-notices?limit=5&api-key=${token}`, `/v1/red-notices?key=${token}`,
      `/v1/red-notices?api%5Fkey=${token}`, `/v1/red-notices?q=${token}`, `/v1/red-notices?limit=5&${token}`, `/v1/red-notices/${token}`,
      `/v1/red-notices?token=${encodeURIComponent(token).replace(/_/g, '%5F')}`, `/v1/red-notices/${token.replace(/_/g, '%5f')}/revisions`
    ]
    for (const url of urls) {
      expectUnauthorized(await get({}, url), `${url} without a header`)
      const body = expectUnauthorized(await get(bearer(token), url), `${url} with a valid header`)
      expect(body.detail, url).toMatch(/Authorization header/)
    }
  })

  it('meets brute force from one address with 429 and Retry-After; other addresses are unaffected; X-Forwarded-For changes nothing', async () => {
    const attacker = freshAddress()
    for (let i = 1; i <= 50; i++) {
      const spoof = { 'x-forwarded-for': `192.0.2.${i}` }
      expectUnauthorized(await get({ ...bearer(generateApiKey().token), ...spoof }, '/v1/red-notices', attacker), `failure ${i}`)
    }
    const blocked = await get(bearer(generateApiKey().token), '/v1/red-notices', attacker)
    expectProblem(blocked, 429, '51st failure')
    const retryAfter = Number(blocked.headers['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // Only failures are throttled: a valid key from the same address (behind a proxy, every partner) still works,
    // and further bad keys and malformed headers from there still meet 429.
    expect((await get(bearer(world.a.token), '/v1/red-notices', attacker)).statusCode).toBe(200)
    expect((await get(bearer(world.b.token), '/v1/red-notices', attacker)).statusCode).toBe(200)
    expectProblem(await get(bearer(generateApiKey().token), '/v1/red-notices', attacker), 429, 'another bad key')
    expectProblem(await get({ authorization: 'Bearer not-a-key' }, '/v1/red-notices', attacker), 429, 'a malformed key')
    expectProblem(await get({}, '/v1/red-notices', attacker), 429, 'no key at all')
    expect((await get(bearer(world.a.token), '/v1/red-notices', freshAddress())).statusCode).toBe(200)
  })

  it('counts wrong secrets for one key id across addresses, and never refuses that key\'s own valid secret', async () => {
    const victim = await seedKey(ctx, 'reporter')
    const keyId = /^rnm_([0-9a-f]{32})_/.exec(victim.token)![1]!
    // 50 addresses, one guess each at the victim's secret: no address reaches its own limit.
    for (let i = 1; i <= 50; i++) {
      const guess = `rnm_${keyId}_${generateApiKey().secret}`
      expectUnauthorized(await get(bearer(guess), '/v1/red-notices', freshAddress()), `guess ${i}`)
    }
    const guess = `rnm_${keyId}_${generateApiKey().secret}`
    expectProblem(await get(bearer(guess), '/v1/red-notices', freshAddress()), 429, '51st guess at one key id')
    // The holder of the key, from anywhere, is never locked out.
    expect((await get(bearer(victim.token), '/v1/red-notices', freshAddress())).statusCode).toBe(200)
    // Other keys are not affected by the guesses at this one.
    expectUnauthorized(await get(bearer(generateApiKey().token), '/v1/red-notices', freshAddress()), 'an unrelated bad key')
  })

  it('refuses a body over BODY_LIMIT_BYTES with 413 problem+json, and a page size of 1000000 with 400', async () => {
    const big = { ...chechenRedNotice(), subject: { ...chechenRedNotice().subject, notes: 'x'.repeat(ctx.config.bodyLimit) } }
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(world.a.token), payload: big })
    const body = expectProblem(res, 413, 'oversize body')
    expect(body.title).toBe('Content Too Large')
    for (const url of ['/v1/red-notices?limit=1000000', '/v1/assurances?limit=1000000']) expectProblem(await get(bearer(world.a.token), url), 400, url)
    expectProblem(await get(bearer(world.adminKey.token), '/v1/partners?limit=1000000'), 400, 'partners')
  })

  it('logs key ids, never a whole key, whatever the request above sent', () => {
    const logs = ctx.logs.text()
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).toMatch(/"apiKeyId":"[0-9a-f-]{36}"/)
    expect(logs).not.toMatch(FULL_API_KEY)
    for (const token of [world.a.token, world.admin.token, world.adminKey.token]) {
      expect(logs).not.toContain(token.slice(37))
    }
  })
})

describe('per-key rate limit', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '5' } })
  })
  afterAll(async () => { await ctx.close() })

  it('answers the key over its limit 429 problem+json with Retry-After; another key, even of the same partner, is unaffected', async () => {
    const first = await seedKey(ctx, 'reporter')
    const second = await seedKey(ctx, 'reporter', first.partnerId)
    const requests: InjectOptions[] = [
      { url: '/v1/red-notices' }, { url: '/v1/red-notices?limit=1000000' }, { url: `/v1/red-notices/${randomUUID()}` },
      { method: 'POST', url: '/v1/red-notices', payload: { mechanism: 'red_notice' } }, { url: '/v1/assurances?bogus=1' }
    ]
    // Refusals count too: a flood of bad requests is still a flood.
    for (const request of requests) {
      const res = await ctx.app.inject({ ...request, headers: bearer(first.token) })
      expect(res.statusCode, `${request.url} -> ${res.body.slice(0, 200)}`).toBeLessThan(429)
    }
    for (const request of [{ url: '/v1/red-notices' }, { method: 'POST', url: '/v1/red-notices', payload: { mechanism: 'x' } }] as InjectOptions[]) {
      const limited = await ctx.app.inject({ ...request, headers: bearer(first.token) })
      const body = expectProblem(limited, 429, `request ${request.url} over the limit`)
      expect(body.title).toBe('Too Many Requests')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }
    expect((await ctx.app.inject({ url: '/v1/red-notices', headers: bearer(second.token) })).statusCode).toBe(200)
    expect(ctx.logs.text()).not.toMatch(FULL_API_KEY)
  })
})
