import { Type } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../helpers/app.ts'

const CANARY = 'Zelimkhan Canary-7f3a'

describe('errors are application/problem+json and leak nothing', () => {
  let ctx: TestContext
  beforeAll(async () => {
    // Routes that fail the way real code can: a thrown error carrying input, a driver error carrying SQL.
    ctx = await createTestContext({
      storage: 'pglite',
      env: { BODY_LIMIT_BYTES: '2048' },
      extend: async (app) => {
        await app.register(async (scope) => {
          scope.post('/test/echo', {
            schema: {
              body: Type.Object({ name: Type.String({ maxLength: 20 }), nested: Type.Optional(Type.Object({ n: Type.Integer() }, { additionalProperties: false })) }, { additionalProperties: false })
            }
          }, async () => ({ ok: true }))
          scope.get('/test/items/:id', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }), querystring: Type.Object({ n: Type.Optional(Type.Integer()) }, { additionalProperties: false }) } }, async () => ({ ok: true }))
          scope.get('/test/boom', async () => { throw new Error(`Failed query: insert into red_notices values ($1)\nparams: ${CANARY}`) })
          scope.get('/test/db-down', async () => { throw Object.assign(new Error(`connect ECONNREFUSED for ${CANARY}`), { code: 'ECONNREFUSED' }) })
          scope.get('/test/wrapped-timeout', async () => {
            throw new Error(`Failed query: select ${CANARY}`, { cause: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }) })
          })
        })
      }
    })
  })
  afterAll(async () => { await ctx.close() })

  const post = (payload: string) => ctx.app.inject({ method: 'POST', url: '/test/echo', payload, headers: { 'content-type': 'application/json' } })

  it('names the offending field of a validation error by JSON pointer', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(21) }))
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    const body = res.json()
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 })
    expect(body.errors).toEqual([{ in: 'body', pointer: '/name', message: 'must NOT have more than 20 characters' }])
    expect(body.detail).toContain('/name')
  })

  // Found by the OpenAPI fuzz (S9): fastify's context name made the detail read "Invalid params: …", which is
  // the shape of a leaked driver error that clients must never see.
  it('names the failing part of the request in words, never as "params:"', async () => {
    const path = (await ctx.app.inject({ url: '/test/items/not-a-uuid' })).json()
    expect(path.detail).toBe('Invalid path parameter (/id must match format "uuid")')
    expect(path.errors).toEqual([{ in: 'params', pointer: '/id', message: 'must match format "uuid"' }])
    const query = (await ctx.app.inject({ url: `/test/items/${crypto.randomUUID()}?n=x` })).json()
    expect(query.detail).toBe('Invalid query string (/n must be integer)')
    const body = (await post(JSON.stringify({ name: 1 }))).json()
    expect(body.detail).toBe('Invalid request body (/name must be string)')
    for (const detail of [path.detail, query.detail, body.detail]) expect(detail).not.toMatch(/params:/i)
  })

  // Found by the OpenAPI fuzz (S9): a NUL in an unknown member name reached the pointer, breaking the problem
  // schema's no-NUL promise; "/" and "~" in a name made the pointer point elsewhere.
  it('escapes unknown member names in pointers (RFC 6901), replaces control characters and cuts long names', async () => {
    const names = { 'a\u0000b': 'a\uFFFDb', 'x/y~z': 'x~1y~0z', ['n'.repeat(500)]: `${'n'.repeat(100)}…` }
    for (const [name, segment] of Object.entries(names)) {
      const body = (await post(`{"name":"a",${JSON.stringify(name)}:1}`)).json()
      expect(body.errors[0].pointer).toBe(`/${segment}`)
      expect(body.detail).not.toContain('\u0000')
    }
    const query = (await ctx.app.inject({ url: `/test/items/${crypto.randomUUID()}?%00=1` })).json()
    expect(query.errors).toEqual([{ in: 'querystring', pointer: '/\uFFFD', message: 'is not an allowed property' }])
  })

  it('names an unknown property, at any depth', async () => {
    const top = (await post(JSON.stringify({ name: 'a', partnerId: 'x' }))).json()
    expect(top.errors[0]).toEqual({ in: 'body', pointer: '/partnerId', message: 'is not an allowed property' })
    const deep = (await post(JSON.stringify({ name: 'a', nested: { n: 1, evil: true } }))).json()
    expect(deep.errors[0].pointer).toBe('/nested/evil')
  })

  it('names a missing required property', async () => {
    const body = (await post('{}')).json()
    expect(body.errors[0]).toEqual({ in: 'body', pointer: '/name', message: 'is required' })
  })

  it('answers malformed JSON and __proto__ keys with 400 that does not echo the body', async () => {
    for (const payload of [`{"name": ${CANARY}`, `{"__proto__": {"name": "${CANARY}"}}`, '']) {
      const res = await post(payload)
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.body).not.toContain('Zelimkhan')
    }
  })

  it('answers a body over the limit with 413', async () => {
    const res = await post(JSON.stringify({ name: 'y'.repeat(5000) }))
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ status: 413, title: 'Content Too Large' })
  })

  it('answers 415 for a body that is not JSON', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/test/echo', payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.statusCode).toBe(415)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('hides a 500: no message, no stack, no SQL, no input; the log keeps the type but not the text', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/test/boom' })
    expect(res.statusCode).toBe(500)
    const body = res.json()
    expect(Object.keys(body).sort()).toEqual(['instance', 'status', 'title', 'type'])
    expect(body.instance).toMatch(/^urn:request:[0-9a-f-]{36}$/)
    expect(res.body).not.toMatch(/Failed query|params|Zelimkhan|at /)
    expect(ctx.logs.text()).toContain('"type":"Error"')
    expect(ctx.logs.text()).not.toContain('Zelimkhan')
  })

  it('turns an unreachable or timed-out database into 503 with Retry-After', async () => {
    for (const url of ['/test/db-down', '/test/wrapped-timeout']) {
      const res = await ctx.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('5')
      expect(res.body).not.toContain('Zelimkhan')
    }
    expect(ctx.logs.text()).not.toContain('Zelimkhan')
  })

  it('answers 404 and 405 (with Allow) as problem+json, TRACE included', async () => {
    const missing = await ctx.app.inject({ method: 'GET', url: '/v1/nothing-here' })
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toContain('application/problem+json')
    for (const method of ['DELETE', 'PUT', 'TRACE'] as const) {
      // light-my-request 6.6 (the last whose cookie dependency allows Node 20) sends any method but does not type TRACE.
      const res = await ctx.app.inject({ method: method as 'DELETE', url: '/health/live' })
      expect(res.statusCode).toBe(405)
      expect(res.headers.allow).toBe('GET, HEAD')
      expect(res.json().status).toBe(405)
    }
  })

  it('sets security headers on every answer', async () => {
    for (const url of ['/health/live', '/nope', '/test/boom']) {
      const res = await ctx.app.inject({ method: 'GET', url })
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['content-security-policy']).toContain('default-src \'none\'')
      expect(res.headers['x-powered-by']).toBeUndefined()
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
      expect(String(res.headers['content-type'])).toContain('charset=utf-8')
    }
  })
})
