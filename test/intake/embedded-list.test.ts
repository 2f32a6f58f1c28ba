import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { bearer, createPartnerWithKey, insertAdminKey } from '../scoring/api.ts'

// The default mode (PGlite, one session): a list page runs its read, extras and read events in one transaction there
// too (readThenWriteInContext's embedded branch for a reporter, queryInContext's for an analyst).
describe('list pages in embedded mode (PGlite)', () => {
  let ctx: TestContext
  let reporter: { partnerId: string, token: string }
  let analyst: { partnerId: string, token: string }
  const names = ['Зелимхан Яндарбиев', 'Aslan Tsechoev', 'Айшат Умарова']
  const ids: string[] = []

  beforeAll(async () => {
    ctx = await createTestContext({ storage: 'pglite' })
    const admin = await insertAdminKey(ctx)
    reporter = await createPartnerWithKey(ctx, admin, 'reporter')
    analyst = await createPartnerWithKey(ctx, admin, 'analyst')
    for (const fullName of names) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(reporter.token), 'idempotency-key': randomUUID() }, payload: chechenRedNotice({ fullName }) })
      expect(res.statusCode).toBe(201)
      ids.push(res.json().id as string)
    }
  }, 60_000)
  afterAll(async () => { await ctx.close() })

  const readEvents = async (requestId: string) => await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ target_id: string, details: { identities: boolean, via: string } }>(
    await tx.execute(sql`select target_id::text, details from audit_events where action = 'red_notice.read' and request_id = ${requestId} order by target_id`)))

  it('gives the reporter its own reports with their identities, page by page, and records a read event for each item served', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await ctx.app.inject({ url: `/v1/red-notices?limit=2&sort=createdAt${cursor === null ? '' : `&cursor=${cursor}`}`, headers: bearer(reporter.token) })
      expect(res.statusCode, res.body).toBe(200)
      const page = res.json() as { items: Array<{ id: string, subject: { fullName?: string }, scoreStatus: string }>, nextCursor: string | null }
      seen.push(...page.items.map((item) => item.subject.fullName!))
      const events = await readEvents(res.headers['x-request-id'] as string)
      expect(events.map((event) => event.target_id)).toEqual(page.items.map((item) => item.id).sort())
      expect(events.every((event) => event.details.identities && event.details.via === 'list')).toBe(true)
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(seen).toEqual(names)
  })

  it('gives an analyst the same reports pseudonymised, with read events that opened no identity', async () => {
    const res = await ctx.app.inject({ url: '/v1/red-notices?sort=createdAt', headers: bearer(analyst.token) })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{ id: string, subject: Record<string, unknown> }>
    expect(items.map((item) => item.id)).toEqual(ids)
    expect(items.every((item) => !('fullName' in item.subject))).toBe(true)
    const events = await readEvents(res.headers['x-request-id'] as string)
    expect(events).toHaveLength(3)
    expect(events.every((event) => !event.details.identities)).toBe(true)
  })
})
