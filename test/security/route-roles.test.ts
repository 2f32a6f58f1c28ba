/**
 * S13 / OWASP API5 (function-level authorization): every route the app registers, every role.
 * The route list is read from the router itself, so a new route joins the matrix (and fails it until
 * the policy below names it); the policy is written from docs/api.md, not read from the code under test.
 */
import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import type { Database, DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'
import { createWorld, expectProblem, fillParams, ROLES, routeInventory, tokenOf, type Role, type RouteEntry, type World } from './support.ts'

const ALL: Role[] = ['reporter', 'analyst', 'admin']
/** Who may call what (docs/api.md). HEAD follows GET. */
const POLICY: Record<string, Role[]> = {
  'POST /v1/partners': ['admin'],
  'GET /v1/partners': ['admin'],
  'POST /v1/partners/:id/api-keys': ['admin'],
  'GET /v1/partners/:id/api-keys': ['admin'],
  // docs/security-admin.md: every partner lists its own keys and the audit events that concern it.
  'GET /v1/me/api-keys': ALL,
  'GET /v1/me/audit-events': ALL,
  // docs/disclosure-policy.md: the secretariat confirms cross-partner matches.
  'POST /v1/subjects/:id/confirmation': ['admin'],
  'DELETE /v1/api-keys/:id': ['admin'],
  'POST /v1/red-notices': ['reporter'],
  'GET /v1/red-notices': ALL,
  'GET /v1/red-notices/:id': ALL,
  'PATCH /v1/red-notices/:id': ['reporter'],
  'DELETE /v1/red-notices/:id': ['reporter', 'admin'],
  'GET /v1/red-notices/:id/revisions': ALL,
  'POST /v1/assurances': ['reporter'],
  'GET /v1/assurances': ALL,
  'GET /v1/assurances/:id': ALL,
  'PATCH /v1/assurances/:id': ['reporter'],
  'DELETE /v1/assurances/:id': ['reporter', 'admin'],
  'GET /v1/assurances/:id/revisions': ALL,
  'POST /v1/imports/interpol': ['reporter'],
  'GET /v1/audit-events': ['admin'],
  'GET /v1/red-notices/:id/score': ALL,
  'GET /v1/red-notices/:id/scores': ALL,
  'GET /v1/assurances/:id/score': ALL,
  'GET /v1/assurances/:id/scores': ALL,
  'GET /v1/indicators': ALL,
  'GET /v1/countries': ALL,
  'GET /v1/countries/:code': ALL,
  'PUT /v1/countries/:code': ['admin'],
  'POST /v1/rescoring-runs': ['admin'],
  'GET /v1/rescoring-runs': ['admin'],
  'GET /v1/rescoring-runs/:id': ['admin'],
  'GET /v1/exports/red-notices': ALL,
  'GET /v1/exports/assurances': ALL,
  // "analyst (reads ... statistics ...)"; admins read everything analysts do. Reporters get no aggregates.
  'GET /v1/stats/countries': ['analyst', 'admin'],
  'GET /v1/stats/indicators': ['analyst', 'admin'],
  'GET /v1/stats/timeline': ['analyst', 'admin'],
  'GET /v1/stats/assurances': ['analyst', 'admin'],
  'GET /v1/stats/assurances/timeline': ['analyst', 'admin'],
  'GET /v1/rulesets/:version/evaluation': ['analyst', 'admin'],
  'POST /v1/webhooks': ['reporter'],
  'GET /v1/webhooks': ['reporter'],
  'DELETE /v1/webhooks/:id': ['reporter'],
  'GET /v1/webhooks/:id/deliveries': ['reporter'],
  'POST /v1/webhooks/:id/deliveries/:deliveryId/replay': ['reporter']
}
/** Routes outside /v1: these answer without a key, except /metrics (METRICS_TOKEN or an admin key, test/app/metrics.test.ts); nothing else may live there. */
const PUBLIC = [/^\/health\/(live|ready)$/, /^\/openapi\.json$/, /^\/docs(\/.*)?$/, /^\/metrics$/]

const policyKey = (route: RouteEntry) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`

const INTERPOL_DOC = {
  entity_id: '2019/114539',
  forename: 'ARSEN',
  name: 'TESTOV',
  date_of_birth: '1982/12/02',
  nationalities: ['RU'],
  sex_id: 'M',
  arrest_warrants: [{ issuing_country_id: 'RU', charge: 'Participation in an illegal armed formation', charge_translation: null }]
}

/** A request the route would accept from an admitted role: ids that name nothing, bodies that validate. */
function plausibleRequest (route: RouteEntry): InjectOptions {
  const url = fillParams(route.url)
  const bodies: Record<string, () => object> = {
    'POST /v1/partners': () => ({ name: `Matrix partner ${randomUUID()}` }),
    'POST /v1/partners/:id/api-keys': () => ({ role: 'reporter' }),
    'POST /v1/red-notices': () => chechenRedNotice({ fullName: `Matrix ${randomUUID()}` }),
    'PATCH /v1/red-notices/:id': () => ({ status: 'challenged' }),
    'POST /v1/assurances': () => russianAssurance(),
    'PATCH /v1/assurances/:id': () => ({ termsDisclosed: true }),
    'POST /v1/imports/interpol': () => INTERPOL_DOC,
    // A literal public address: no DNS lookup, so the cell does not depend on the network.
    'POST /v1/webhooks': () => ({ url: 'https://93.184.215.14/hook', events: ['score.band_raised'], minBand: 'high' })
  }
  const body = bodies[policyKey(route)]?.() ?? (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined)
  const headers: Record<string, string> = route.method === 'PATCH' ? { 'if-match': '"1"' } : {}
  return { method: route.method as InjectOptions['method'], url, headers, ...(body === undefined ? {} : { payload: body }) }
}

describe('route × role matrix (S13)', () => {
  let ctx: TestContext
  let world: World
  let routes: RouteEntry[]
  let v1: RouteEntry[]
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    world = await createWorld(ctx)
    routes = routeInventory(ctx.app)
    v1 = routes.filter((route) => route.url.startsWith('/v1'))
  })
  afterAll(async () => { await ctx.close() })

  it('knows every route: each /v1 route has a policy entry, everything else is on the public list', () => {
    expect(v1.length).toBeGreaterThanOrEqual(Object.keys(POLICY).length)
    expect([...new Set(v1.map(policyKey))].sort()).toEqual(Object.keys(POLICY).sort())
    const unexpectedPublic = routes.filter((route) => !route.url.startsWith('/v1') && !PUBLIC.some((re) => re.test(route.url)))
    expect(unexpectedPublic).toEqual([])
  })

  it('documents each /v1 operation with exactly the roles of the policy', () => {
    const doc = ctx.app.swagger() as { paths: Record<string, Record<string, { description?: string }>> }
    for (const route of v1.filter((r) => r.method !== 'HEAD')) {
      const operation = doc.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()]
      expect(operation, `${route.method} ${route.url} missing from the OpenAPI document`).toBeDefined()
      const roles = /Roles: ([a-z, ]+)\./.exec(operation?.description ?? '')?.[1]?.split(', ').sort()
      expect(roles, `${route.method} ${route.url}`).toEqual([...POLICY[policyKey(route)] ?? []].sort())
    }
  })

  it('answers 401 problem+json with WWW-Authenticate to every /v1 route without a key', async () => {
    for (const [n, route] of v1.entries()) {
      // A fresh address per request: this sweep must not trip the brute-force counter.
      const res = await ctx.app.inject({ ...plausibleRequest(route), remoteAddress: `10.13.${n >> 8}.${n & 255}` })
      expectProblem(res, 401, `${route.method} ${route.url} without a key`)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('admits exactly the roles of the policy: 403 problem+json for the others, never 401/403 for them', async () => {
    const cells: string[] = []
    for (const route of v1) {
      const admitted = POLICY[policyKey(route)] ?? []
      for (const role of ROLES) {
        const request = plausibleRequest(route)
        const res = await ctx.app.inject({ ...request, headers: { ...request.headers as Record<string, string>, ...bearer(tokenOf(world, role)) } })
        const cell = `${route.method} ${route.url} as ${role}`
        if (admitted.includes(role)) {
          expect([401, 403], `${cell} -> ${res.statusCode} ${res.body.slice(0, 200)}`).not.toContain(res.statusCode)
          expect(res.statusCode, `${cell} -> ${res.body.slice(0, 200)}`).toBeLessThan(500)
        } else {
          const body = expectProblem(res, 403, cell)
          if (route.method !== 'HEAD') expect(body.title).toBe('Forbidden')
        }
        cells.push(`${cell}: ${res.statusCode}`)
      }
    }
    expect(cells.length).toBe(v1.length * ROLES.length)
    console.log(`route × role matrix: ${v1.length} /v1 routes (with HEAD) × ${ROLES.length} roles = ${cells.length} cells, plus ${v1.length} without a key`)
  })
})

describe('the app refuses to start with a /v1 route that declares no roles', () => {
  const database: DatabaseHandle = {
    kind: 'postgres', db: {} as Database, ping: async () => {}, migrate: async () => {}, migrationState: async () => ({ state: 'current', applied: 0, shipped: 0 }), close: async () => {}
  }
  async function build (extend: (app: App) => unknown): Promise<void> {
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }), database, queue: new RecordingQueue(), secrets: loadCryptoSecrets(generateCryptoSecretsEnv()), logger: createLogger('silent')
    })
    try {
      await extend(app)
      await app.ready()
    } finally {
      await app.close()
    }
  }
  const handler = async () => ({ ok: true })

  it('builds when the extra route declares its roles (the harness itself works)', async () => {
    await expect(build((app) => { app.get('/v1/extra', { config: { roles: ['admin'] } }, handler) })).resolves.toBeUndefined()
    await expect(build((app) => app.register(async (scope) => { scope.get('/extra', { config: { roles: ['analyst'] } }, handler) }, { prefix: '/v1' }))).resolves.toBeUndefined()
  })

  it.each([
    ['no config', {}],
    ['an empty role list', { config: { roles: [] } }],
    ['an unknown role', { config: { roles: ['root'] } }]
  ])('rejects a route with %s, at the root or under a /v1 prefix', async (_what, options) => {
    await expect(build((app) => { app.get('/v1/extra', options as object, handler) })).rejects.toThrow(/declares no roles/)
    await expect(build((app) => app.register(async (scope) => { scope.post('/extra', options as object, handler) }, { prefix: '/v1' }))).rejects.toThrow(/declares no roles/)
  })
})
