/**
 * S11 / OWASP API1 (broken object-level authorization), over HTTP. Partner A tries every id-bearing
 * route with partner B's ids and with ids that name nothing: each answer must be the same 404, so the API
 * is no oracle for what exists, and B's stored rows must not change. Analysts and admins read B's
 * reports only pseudonymised. (The same promise checked in SQL, beneath the API: rls.test.ts.)
 */
import { randomUUID } from 'node:crypto'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileStrict } from '../../src/plugins/validation.ts'
import { AssuranceFactsSchema, AssurancePseudonymisedPageSchema, AssurancePseudonymisedSchema } from '../../src/schemas/assurances.ts'
import { RedNoticeFactsSchema, RedNoticePseudonymisedPageSchema, RedNoticePseudonymisedSchema } from '../../src/schemas/red-notices.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import {
  canaryAssurance, canaryRedNotice, createReport, createWorld, expectProblem, fillParams, partnerChecksum, routeInventory, type RouteEntry, type World
} from './support.ts'

const REPORTS_PER_PARTNER = 8
const RANDOM_IDS_PER_ROUTE = 8
type Kind = 'red-notices' | 'assurances'
interface Stored { id: string, revision: number }

/** Everything but the per-request parts must be identical between "not yours" and "not there". */
const shapeOf = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  contentType: res.headers['content-type'],
  headers: Object.keys(res.headers).filter((h) => !['date', 'x-request-id', 'content-length'].includes(h)).sort(),
  body: res.body === '' ? '' : { ...res.json() as object, instance: typeof (res.json() as { instance?: unknown }).instance }
})

describe('BOLA matrix: partner A against partner B\'s records (S11)', () => {
  let ctx: TestContext
  let world: World
  const ids: Record<'a' | 'b', Record<Kind, Stored[]>> = { a: { 'red-notices': [], assurances: [] }, b: { 'red-notices': [], assurances: [] } }
  let idRoutes: RouteEntry[]

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    world = await createWorld(ctx)
    for (const who of ['a', 'b'] as const) {
      const token = world[who].token
      for (let i = 0; i < REPORTS_PER_PARTNER; i++) {
        const tag = `${who}${i}-${randomUUID().slice(0, 8)}`
        const notice = await createReport(ctx, token, 'red-notices', canaryRedNotice(tag))
        const assurance = await createReport(ctx, token, 'assurances', { ...canaryAssurance(tag), ...(i % 2 === 0 ? { redNoticeId: notice.id } : {}) })
        ids[who]['red-notices'].push({ id: notice.id as string, revision: 1 })
        ids[who].assurances.push({ id: assurance.id as string, revision: 1 })
      }
      // Some history: a second revision and a withdrawn report, so every state is in the matrix.
      const [first, second] = ids[who]['red-notices']
      const patched = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${first!.id}`, headers: { ...bearer(token), 'if-match': '"1"' }, payload: { status: 'challenged' } })
      expect(patched.statusCode, patched.body).toBe(200)
      first!.revision = 2
      expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/red-notices/${second!.id}`, headers: bearer(token) })).statusCode).toBe(204)
    }
    // Every route of the records' collections that takes an id, as registered: new ones join automatically.
    idRoutes = routeInventory(ctx.app).filter((route) => /^\/v1\/(red-notices|assurances)\/:id(\/|$)/.test(route.url))
  })
  afterAll(async () => { await ctx.close() })

  const kindOf = (route: RouteEntry): Kind => (route.url.startsWith('/v1/red-notices') ? 'red-notices' : 'assurances')
  function requestAs (token: string, route: RouteEntry, id: string, revision: number): InjectOptions {
    const payload = route.method === 'PATCH' ? (kindOf(route) === 'red-notices' ? { status: 'withdrawn' } : { termsDisclosed: true }) : undefined
    return {
      method: route.method as InjectOptions['method'],
      url: fillParams(route.url, () => id),
      headers: { ...bearer(token), ...(route.method === 'PATCH' ? { 'if-match': `"${revision}"` } : {}) },
      ...(payload === undefined ? {} : { payload })
    }
  }

  it('covers GET, HEAD, PATCH and DELETE of each record and its revisions', () => {
    const covered = idRoutes.map((r) => `${r.method} ${r.url}`)
    for (const kind of ['red-notices', 'assurances']) {
      for (const method of ['GET', 'HEAD', 'PATCH', 'DELETE']) expect(covered).toContain(`${method} /v1/${kind}/:id`)
      expect(covered).toContain(`GET /v1/${kind}/:id/revisions`)
    }
  })

  it('answers A with the same 404 for B\'s ids as for ids that do not exist, and B\'s rows stay unchanged', async () => {
    const before = await partnerChecksum(ctx, world.b.partnerId)
    const timings: Record<'foreign' | 'missing', number[]> = { foreign: [], missing: [] }
    let requests = 0
    for (const route of idRoutes) {
      const shapes = new Map<string, string[]>()
      const targets = [
        ...ids.b[kindOf(route)].map((stored) => ({ ...stored, what: 'foreign' as const })),
        ...Array.from({ length: RANDOM_IDS_PER_ROUTE }, () => ({ id: randomUUID(), revision: 1, what: 'missing' as const }))
      ]
      for (const target of targets) {
        const started = performance.now()
        const res = await ctx.app.inject(requestAs(world.a.token, route, target.id, target.revision))
        timings[target.what].push(performance.now() - started)
        requests++
        expectProblem(res, 404, `${route.method} ${route.url} by A with a ${target.what} id`)
        const shape = JSON.stringify(shapeOf(res))
        shapes.set(shape, [...shapes.get(shape) ?? [], target.what])
      }
      expect([...shapes.keys()], `${route.method} ${route.url}: one answer shape for foreign and missing ids`).toHaveLength(1)
    }
    expect(await partnerChecksum(ctx, world.b.partnerId)).toEqual(before)
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0
    console.log(`BOLA matrix: ${idRoutes.length} id routes, ${requests} requests by A, all 404; median ms foreign ${median(timings.foreign).toFixed(1)} vs missing ${median(timings.missing).toFixed(1)}`)
  })

  it('B\'s own key still works on the same ids (the 404s above are about ownership, not broken routes)', async () => {
    for (const route of idRoutes.filter((r) => r.method === 'GET')) {
      const [stored] = ids.b[kindOf(route)]
      const res = await ctx.app.inject(requestAs(world.b.token, route, stored!.id, stored!.revision))
      // A score is 202 until the worker has run; scores hold no identities to look for.
      if (route.url.endsWith('/score')) {
        expect([200, 202], `${route.method} ${route.url} by B`).toContain(res.statusCode)
        continue
      }
      expect(res.statusCode, `${route.method} ${route.url} by B`).toBe(200)
      if (!route.url.endsWith('/scores')) expect(res.body).toMatch(/Canary/)
    }
  })

  it('treats ids in bodies and query strings the same way: B\'s case is as unknown to A as a random id', async () => {
    const assurance = (redNoticeId: string) => ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: bearer(world.a.token), payload: { ...canaryAssurance('x'), redNoticeId } })
    const foreign = await assurance(ids.b['red-notices'][0]!.id)
    const missing = await assurance(randomUUID())
    expectProblem(foreign, 422, 'assurance naming B\'s case')
    expect(shapeOf(foreign)).toEqual(shapeOf(missing))
    const [own] = ids.a.assurances
    const patch = (redNoticeId: string) => ctx.app.inject({ method: 'PATCH', url: `/v1/assurances/${own!.id}`, headers: { ...bearer(world.a.token), 'if-match': `"${own!.revision}"` }, payload: { redNoticeId } })
    const patchForeign = await patch(ids.b['red-notices'][2]!.id)
    expect(shapeOf(patchForeign)).toEqual(shapeOf(await patch(randomUUID())))
    expectProblem(patchForeign, 422, 'patch naming B\'s case')

    const bNotice = (await ctx.app.inject({ url: `/v1/red-notices/${ids.b['red-notices'][0]!.id}`, headers: bearer(world.b.token) })).json()
    for (const url of [`/v1/red-notices?subjectId=${String(bNotice.subjectId)}`, `/v1/assurances?redNoticeId=${ids.b['red-notices'][0]!.id}`]) {
      const res = await ctx.app.inject({ url, headers: bearer(world.a.token) })
      expect(res.statusCode, url).toBe(200)
      expect(res.json().items, url).toEqual([])
    }
  })

  it('never lists B\'s records to A', async () => {
    for (const kind of ['red-notices', 'assurances'] as const) {
      const listed = (await ctx.app.inject({ url: `/v1/${kind}?limit=200`, headers: bearer(world.a.token) })).json().items as Array<{ id: string }>
      expect(listed.map((item) => item.id).sort()).toEqual(ids.a[kind].map((s) => s.id).sort())
    }
    // The export streams what the list would return: A's own reports only, B's subject id as unknown as any other.
    const exported = await ctx.app.inject({ url: '/v1/exports/red-notices', headers: { ...bearer(world.a.token), accept: 'application/x-ndjson' } })
    expect(exported.statusCode, exported.body).toBe(200)
    const rows = exported.body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { id: string })
    expect(rows.map((row) => row.id).sort()).toEqual(ids.a['red-notices'].map((s) => s.id).sort())
  })

  describe('analysts and admins read every case, pseudonymised', () => {
    const validators = {
      'red-notices': { one: compileStrict(RedNoticePseudonymisedSchema), page: compileStrict(RedNoticePseudonymisedPageSchema), facts: compileStrict(RedNoticeFactsSchema) },
      assurances: { one: compileStrict(AssurancePseudonymisedSchema), page: compileStrict(AssurancePseudonymisedPageSchema), facts: compileStrict(AssuranceFactsSchema) }
    }
    const readerToken = (reader: 'analyst' | 'admin') => (reader === 'analyst' ? world.analyst.token : world.adminKey.token)

    it.each(['analyst', 'admin'] as const)('%s: B\'s reports, revisions and lists carry no identifying value and fit the pseudonymised schema', async (reader) => {
      let checked = 0
      const check = (res: LightMyRequestResponse, what: string) => {
        expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(200)
        // Every identifying member of every body in this file holds "Canary…"; no other member does.
        expect(res.body, what).not.toMatch(/canary|1971-07-29|IP-/i)
        checked++
      }
      for (const kind of ['red-notices', 'assurances'] as const) {
        for (const stored of ids.b[kind]) {
          const one = await ctx.app.inject({ url: `/v1/${kind}/${stored.id}`, headers: bearer(readerToken(reader)) })
          check(one, `GET ${kind}/${stored.id}`)
          expect(validators[kind].one(one.json()), JSON.stringify(validators[kind].one.errors)).toBe(true)
          const revisions = await ctx.app.inject({ url: `/v1/${kind}/${stored.id}/revisions`, headers: bearer(readerToken(reader)) })
          check(revisions, `GET ${kind}/${stored.id}/revisions`)
          for (const item of revisions.json().items as Array<{ report: unknown }>) expect(validators[kind].facts(item.report)).toBe(true)
        }
        const page = await ctx.app.inject({ url: `/v1/${kind}?limit=200`, headers: bearer(readerToken(reader)) })
        check(page, `GET ${kind}`)
        expect(validators[kind].page(page.json()), JSON.stringify(validators[kind].page.errors)).toBe(true)
        expect((page.json().items as unknown[]).length).toBe(2 * REPORTS_PER_PARTNER)
      }
      expect(checked).toBe(2 * (2 * REPORTS_PER_PARTNER) + 2)
    })
  })
})
