/**
 * Shared pieces of the security tests: the route inventory, problem+json assertions, leak patterns
 * and a two-partner world with reports in it.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { LightMyRequestResponse as InjectResponse } from 'fastify'
import { expect } from 'vitest'
import type { App } from '../../src/app.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import type { TestContext } from '../helpers/app.ts'
import { chechenRedNotice, russianAssurance } from '../helpers/bodies.ts'

export type Role = 'reporter' | 'analyst' | 'admin'
export const ROLES: readonly Role[] = ['reporter', 'analyst', 'admin']

export interface RouteEntry { method: string, url: string }

/**
 * Every method and path the router knows, read from `printRoutes()`: nothing registered can be missed,
 * whichever plugin added it and whether or not it is documented. The tree's lines are
 * `<indent>├── <segment> (<METHODS>)`, each indent level four characters wide; a path is the
 * concatenation of its ancestors' segments.
 */
export function routeInventory (app: App): RouteEntry[] {
  const stack: string[] = []
  const routes: RouteEntry[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (match === null) continue
    const depth = (match[1] ?? '').length / 4
    stack.length = depth
    stack.push(match[2] ?? '')
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '')) {
      routes.push({ method, url: stack.join('') })
    }
  }
  return routes.sort((x, y) => `${x.url} ${x.method}`.localeCompare(`${y.url} ${y.method}`))
}

/** Fills path parameters with values that pass validation but name nothing. */
export const fillParams = (url: string, id: () => string = randomUUID): string => url.replace(/:[A-Za-z]+/g, () => id())

export const PROBLEM_TYPE = /^application\/problem\+json; charset=utf-8$/

/** A clean RFC 9457 answer with this status (HEAD answers carry the header but no body). */
export function expectProblem (res: InjectResponse, status: number, context = ''): Record<string, unknown> {
  const where = `${context} -> ${res.statusCode} ${res.body.slice(0, 300)}`
  expect(res.statusCode, where).toBe(status)
  expect(res.headers['content-type'], where).toMatch(PROBLEM_TYPE)
  if (res.body === '') return {}
  const body = res.json() as Record<string, unknown>
  expect(body, where).toMatchObject({ type: expect.any(String), title: expect.any(String), status })
  return body
}

/**
 * Text that must never reach a client: stack frames, file paths, driver and SQL fragments. Drizzle writes
 * its SQL in lower case, so SQL is matched case-insensitively by statement shape.
 */
export const LEAK_PATTERNS: readonly RegExp[] = [
  / {4}at /, /node_modules/, /Failed query/i, /\bSELECT\b/, /\bINSERT\b/, /\bselect\s.+\sfrom\s/i, /\binsert\s+into\b/i,
  /\bupdate\s+"?\w+"?\s+set\b/i, /params:/i, /duplicate key/i, /violates/i, /\/work\/|\/src\/|\.ts:\d+/
]

export function leaksIn (text: string): string[] {
  return LEAK_PATTERNS.filter((pattern) => pattern.test(text)).map(String)
}

/** A full API key as issued (`rnm_` + 32 hex + `_` + secret); logs may name the key id only. */
export const FULL_API_KEY = /rnm_[0-9a-f]{32}_[A-Za-z0-9_-]{20,}/

export interface World {
  admin: { token: string, partnerId: string }
  a: PartnerKey
  b: PartnerKey
  analyst: { token: string }
  /** An admin key of a partner organisation made through the API, besides the seeded one. */
  adminKey: { token: string }
}

/** Two reporting partners, an analyst and an admin, all made through the admin API. */
export async function createWorld (ctx: TestContext): Promise<World> {
  const admin = await seedAdmin(ctx)
  const a = await createPartner(ctx, admin.token, `NGO A ${randomUUID()}`)
  const b = await createPartner(ctx, admin.token, `NGO B ${randomUUID()}`)
  const analysts = await createPartner(ctx, admin.token, `Analysts ${randomUUID()}`, 'analyst')
  const adminKey = await createKey(ctx, admin.token, admin.partnerId, 'admin')
  return { admin, a, b, analyst: { token: analysts.token }, adminKey }
}

export const tokenOf = (world: World, role: Role): string =>
  role === 'reporter' ? world.a.token : role === 'analyst' ? world.analyst.token : world.adminKey.token

/** A red-notice body whose every identifying member holds a value unique to this call. */
export function canaryRedNotice (tag: string) {
  const body = chechenRedNotice({ fullName: `Canaryname ${tag}`, aliases: [`Canaryalias ${tag}`], dateOfBirth: '1971-07-29' })
  return {
    ...body,
    interpolNoticeId: `IP-${tag}`,
    subject: { ...body.subject, notes: `Canarynotes ${tag}` },
    events: [{ type: 'relatives_targeted', date: '2019-02-01', note: `Canaryevent ${tag}` }],
    sources: [{ kind: 'media', reference: `https://example.org/canarysource-${tag}` }]
  }
}

export function canaryAssurance (tag: string) {
  return { ...russianAssurance(), subjectFullName: `Canaryname ${tag}`, notes: `Canarynotes ${tag}` }
}

export async function createReport (ctx: TestContext, token: string, kind: 'red-notices' | 'assurances', body: object): Promise<Record<string, unknown>> {
  const res = await ctx.app.inject({ method: 'POST', url: `/v1/${kind}`, headers: bearer(token), payload: body })
  if (res.statusCode !== 201) throw new Error(`create ${kind}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/**
 * A digest of everything stored for one partner, read in the system context: any write by anyone to
 * that partner's reports, revisions, scores, idempotency keys, subject links or API keys changes it.
 */
export async function partnerChecksum (ctx: TestContext, partnerId: string): Promise<Record<string, string>> {
  return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
    const out: Record<string, string> = {}
    const digest = async (name: string, query: ReturnType<typeof sql>) => {
      const result = await tx.execute(query) as unknown as { rows: Array<{ n: string | number, digest: string | null }> }
      const row = result.rows[0]
      out[name] = `${row?.n ?? 0}:${row?.digest ?? ''}`
    }
    for (const table of ['red_notices', 'red_notice_revisions', 'assurances', 'assurance_revisions', 'scores', 'idempotency_keys', 'api_keys']) {
      await digest(table, sql`select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.identifier(table)} t where t.partner_id = ${partnerId}`)
    }
    await digest('subject_indexes', sql`select count(*) as n, md5(string_agg(s::text, '|' order by s::text)) as digest
      from subject_indexes s join red_notices r on r.id = s.report_id where r.partner_id = ${partnerId}`)
    await digest('partners', sql`select count(*) as n, md5(string_agg(p::text, '|')) as digest from partners p where p.id = ${partnerId}`)
    return out
  })
}
