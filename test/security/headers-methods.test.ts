/**
 * S16 (headers and methods) on a sample that spans every kind of answer: public and authenticated
 * routes, success, each error family, the not-found handler, 405 and errors raised by the router itself.
 */
import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASELINE_SECURITY_HEADERS } from '../../src/plugins/security-headers.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { createWorld, expectProblem, routeInventory, type World } from './support.ts'

describe('security headers and HTTP methods (S16)', () => {
  let ctx: TestContext
  let world: World
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    world = await createWorld(ctx)
  })
  afterAll(async () => { await ctx.close() })

  const sample = (): Array<[string, InjectOptions, number]> => [
    ['public 200', { url: '/health/live' }, 200],
    ['list 200', { url: '/v1/red-notices', headers: bearer(world.a.token) }, 200],
    ['create 201', { method: 'POST', url: '/v1/red-notices', headers: bearer(world.a.token), payload: chechenRedNotice() }, 201],
    ['HEAD 200', { method: 'HEAD', url: '/v1/red-notices', headers: bearer(world.a.token) }, 200],
    ['400', { method: 'POST', url: '/v1/red-notices', headers: bearer(world.a.token), payload: { mechanism: 'x' } }, 400],
    ['401', { url: '/v1/red-notices' }, 401],
    ['403', { url: '/v1/partners', headers: bearer(world.a.token) }, 403],
    ['404 record', { url: `/v1/red-notices/${randomUUID()}`, headers: bearer(world.a.token) }, 404],
    ['404 route', { url: '/v1/nothing-here' }, 404],
    ['405', { method: 'PUT', url: `/v1/red-notices/${randomUUID()}/revisions`, headers: bearer(world.a.token) }, 405],
    ['413', { method: 'POST', url: '/v1/red-notices', headers: { ...bearer(world.a.token), 'content-type': 'application/json' }, payload: `"${'x'.repeat(ctx.config.bodyLimit)}"` }, 413],
    ['414 router', { url: `/v1/red-notices/${'a'.repeat(150)}`, headers: bearer(world.a.token) }, 414],
    ['415', { method: 'POST', url: '/v1/red-notices', headers: { ...bearer(world.a.token), 'content-type': 'text/plain' }, payload: 'x' }, 415]
  ]

  it('every kind of answer is no-store, nosniff, CSP none, without X-Powered-By or a server banner, with a charset', async () => {
    for (const [what, request, status] of sample()) {
      const res = await ctx.app.inject({ ...request, headers: { origin: 'https://evil.example', ...request.headers as Record<string, string> } })
      const where = `${what}: ${res.statusCode} ${res.body.slice(0, 150)}`
      expect(res.statusCode, where).toBe(status)
      expect(res.headers['cache-control'], where).toBe('no-store')
      expect(res.headers['x-content-type-options'], where).toBe('nosniff')
      expect(String(res.headers['content-security-policy']), where).toMatch(/default-src 'none'/)
      expect(String(res.headers['content-security-policy']), where).toMatch(/frame-ancestors 'none'/)
      expect(res.headers['x-powered-by'], where).toBeUndefined()
      expect(res.headers.server, where).toBeUndefined()
      expect(res.headers['x-request-id'], where).toMatch(/^[0-9a-f-]{36}$/)
      // The fallback set used where no hook runs must say exactly what the hooks say.
      for (const [name, value] of Object.entries(BASELINE_SECURITY_HEADERS)) expect(res.headers[name], `${where} ${name}`).toBe(value)
      if (res.body !== '' || request.method === 'HEAD') expect(res.headers['content-type'], where).toMatch(/;\s*charset=utf-8$/)
      if (status >= 400) expectProblem(res, status, what)
      // No CORS: this API is for servers, not browsers; an unknown origin gets nothing to work with.
      for (const header of Object.keys(res.headers)) expect(header, where).not.toMatch(/^access-control-/)
    }
  })

  it('the app registers no CORS handling: a preflight is a 405 without access-control headers', async () => {
    for (const url of ['/v1/red-notices', `/v1/assurances/${randomUUID()}`]) {
      const res = await ctx.app.inject({ method: 'OPTIONS', url, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } })
      expectProblem(res, 405, `OPTIONS ${url}`)
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
    }
  })

  it('undeclared methods on every GET-only route are 405 problem+json with Allow, before and after authentication', async () => {
    const routes = routeInventory(ctx.app)
    const byPath = new Map<string, Set<string>>()
    for (const route of routes) byPath.set(route.url, new Set([...byPath.get(route.url) ?? [], route.method]))
    const getOnly = [...byPath].filter(([url, methods]) => url.startsWith('/v1') && [...methods].every((m) => m === 'GET' || m === 'HEAD'))
    expect(getOnly.length).toBeGreaterThanOrEqual(2)
    for (const [url, methods] of getOnly) {
      for (const method of ['TRACE', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS']) {
        for (const headers of [{}, bearer(world.admin.token)]) {
          const res = await ctx.app.inject({ method: method as InjectOptions['method'], url: url.replace(/:[A-Za-z]+/g, randomUUID()), headers })
          const body = expectProblem(res, 405, `${method} ${url}`)
          expect(body.title).toBe('Method Not Allowed')
          expect(String(res.headers.allow).split(', ').sort(), `${method} ${url}`).toEqual([...methods].sort())
        }
      }
    }
  })

  it('methods on paths that do not exist are 404 problem+json, not 405', async () => {
    for (const method of ['TRACE', 'PUT', 'GET', 'DELETE']) {
      const res = await ctx.app.inject({ method: method as InjectOptions['method'], url: '/v1/red-notices/x/y/z' })
      expectProblem(res, 404, `${method} unknown path`)
      expect(res.headers.allow).toBeUndefined()
    }
  })
})
