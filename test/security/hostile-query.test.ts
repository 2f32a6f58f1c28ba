/**
 * S9 for the other half of a request: query strings, cursors and URLs. Values the schemas let through
 * must still never reach the database in a form it refuses (a 500), and errors raised by the router before
 * any route runs (malformed percent-encoding, over-long path segments) are problem+json like the rest.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { canaryRedNotice, createReport, createWorld, expectProblem, leaksIn, type World } from './support.ts'

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
const UUID = '6f1c3c1e-8d2a-4c59-9a39-2b2f4f2e0a11'
/** Timestamps RFC 3339 (and so ajv's date-time) admits that are no instant PostgreSQL or Date can hold. */
const ODD_TIMESTAMPS = ['0000-01-01T00:00:00Z', '2016-12-31T23:59:60Z', '9999-12-31T23:59:59-23:59', '0001-01-01T00:00:00+01:00']

describe('hostile query strings, cursors and URLs (S9)', () => {
  let ctx: TestContext
  let world: World
  const LISTS = ['/v1/red-notices', '/v1/assurances', '/v1/partners'] as const
  const tokenFor = (url: string) => (url.startsWith('/v1/partners') ? world.adminKey.token : world.a.token)

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue(), env: { RATE_LIMIT_MAX: '100000' } })
    world = await createWorld(ctx)
    for (let i = 0; i < 3; i++) await createReport(ctx, world.a.token, 'red-notices', canaryRedNotice(randomUUID().slice(0, 8)))
  })
  afterAll(async () => { await ctx.close() })

  async function expectRefused (url: string, status = 400) {
    const res = await ctx.app.inject({ url, headers: bearer(tokenFor(url)) })
    expectProblem(res, status, url)
    expect(leaksIn(res.body), url).toEqual([])
    return res
  }

  it('a real cursor pages on; a forged one is 400, never 500', async () => {
    const first = await ctx.app.inject({ url: '/v1/red-notices?limit=1', headers: bearer(world.a.token) })
    const next = first.json().nextCursor as string
    expect((await ctx.app.inject({ url: `/v1/red-notices?limit=1&cursor=${next}`, headers: bearer(world.a.token) })).statusCode).toBe(200)
    const forged = [
      { createdAt: 'x', id: 'y' }, { createdAt: '2020-01-01T00:00:00.000Z', id: 'y' }, { createdAt: 1e20, id: UUID },
      { createdAt: '0000-01-01T00:00:00.000Z', id: UUID }, { createdAt: '2020-01-01T00:00:00.000Z', id: `urn:uuid:${UUID}` },
      { createdAt: ['2020'], id: UUID }, { id: { $ne: null } }, null, [], 'x', { createdAt: '2020-01-01T00:00:00.000Z', id: `${UUID}'; drop table partners; --` }
    ]
    for (const list of LISTS) {
      // Partners page by id alone: a good id with a bad timestamp is a cursor for them.
      const invalid = list === '/v1/partners' ? forged.filter((value) => (value as { id?: unknown } | null)?.id !== UUID) : forged
      for (const value of invalid) await expectRefused(`${list}?cursor=${cursor(value)}`)
      await expectRefused(`${list}?cursor=${'A'.repeat(200)}`)
      await expectRefused(`${list}?cursor=not*base64`)
    }
  })

  it('time filters that pass the format but name no representable instant are 400', async () => {
    for (const list of ['/v1/red-notices', '/v1/assurances']) {
      for (const value of ODD_TIMESTAMPS) {
        for (const name of ['createdFrom', 'createdTo']) await expectRefused(`${list}?${name}=${encodeURIComponent(value)}`)
      }
      const ok = await ctx.app.inject({ url: `${list}?createdFrom=2000-01-01T00:00:00Z&createdTo=2999-01-01T00:00:00%2B02:00`, headers: bearer(world.a.token) })
      expect(ok.statusCode, ok.body).toBe(200)
    }
  })

  it('limit is bounded: 1000000, 0, -1, 1e3, 2.5, "abc" and repeated limits are 400', async () => {
    for (const list of LISTS) {
      for (const limit of ['1000000', '0', '-1', '1e3', '2.5', 'abc', '1&limit=2', '']) await expectRefused(`${list}?limit=${limit}`)
      expect((await ctx.app.inject({ url: `${list}?limit=200`, headers: bearer(tokenFor(list)) })).statusCode).toBe(200)
    }
  })

  it('router errors (bad percent-encoding, over-long path segments) are problem+json that do not echo the URL', async () => {
    const canary = 'CANARYURL'
    for (const [url, status] of [
      [`/v1/red-notices/${canary}%E0%A4%A`, 400], [`/v1/red-notices/${canary}${'a'.repeat(120)}`, 414], [`/v1/assurances/${canary}%ZZ/revisions`, 400]
    ] as const) {
      const res = await ctx.app.inject({ url, headers: bearer(world.a.token) })
      expectProblem(res, status, url)
      expect(res.body, url).not.toContain(canary)
      expect(res.headers['cache-control'], url).toBe('no-store')
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
    }
  })

  it('generated query strings on the list routes: never 5xx, every refusal is problem+json', async () => {
    const counts = new Map<number, number>()
    const name = fc.constantFrom('limit', 'cursor', 'sort', 'requestingCountry', 'mechanism', 'status', 'subjectId', 'createdFrom', 'createdTo', 'givingState', 'redNoticeId', 'erase', 'x', '__proto__', 'constructor[prototype]')
    const value = fc.oneof(
      fc.string({ maxLength: 30 }), fc.constantFrom(...ODD_TIMESTAMPS, UUID, '-1', '1e309', 'NaN', '', '%00', '\u0000', 'RU', 'ru', 'red_notice', '-createdAt'),
      fc.record({ createdAt: fc.oneof(fc.string(), fc.integer(), fc.constantFrom(...ODD_TIMESTAMPS)), id: fc.oneof(fc.string(), fc.uuid()) }).map(cursor)
    )
    await fc.assert(fc.asyncProperty(fc.constantFrom(...LISTS), fc.array(fc.tuple(name, value), { maxLength: 4 }), async (list, pairs) => {
      const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
      const url = `${list}?${query}`
      const res = await ctx.app.inject({ url, headers: bearer(tokenFor(url)) })
      counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1)
      expect(res.statusCode, `${url} -> ${res.body.slice(0, 200)}`).toBeLessThan(500)
      if (res.statusCode >= 400) expectProblem(res, res.statusCode, url)
    }), { seed: 0x9e7, numRuns: 300 })
    console.log(`hostile query strings: 300 requests; by status ${JSON.stringify(Object.fromEntries([...counts].sort()))}`)
  })
})
