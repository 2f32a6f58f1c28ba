/**
 * A list page's statements run their generic plans from the first execution (ContextOptions.genericPlans): planned
 * again for each request's values, a reporter's page spent 0.35 ms planning and folded its partner's recheck into
 * an index condition (docs/analyst-queries.md, "A page's statements on their generic plans from the first run").
 * PostgreSQL counts, per connection, how each prepared statement was planned: on a pool of one connection every page
 * below is counted there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { queryInContext, SYSTEM_CONTEXT } from '../../src/db/context.ts'
import { listRedNoticePage } from '../../src/intake/red-notice-list.ts'
import type { Actor } from '../../src/intake/types.ts'
import { createLogger } from '../../src/logger.ts'
import { bearer, createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

describe('a list page\'s prepared statements', () => {
  let ctx: TestContext
  let onePool: DatabaseHandle
  let reporter: PartnerKey
  let analyst: { apiKeyId: string, partnerId: string }

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    reporter = await createPartner(ctx, admin.token, 'Plans NGO')
    const secretariat = await seedAdmin(ctx, 'Plans secretariat')
    analyst = { ...await createKey(ctx, admin.token, secretariat.partnerId, 'analyst'), partnerId: secretariat.partnerId }
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter.token), payload: chechenRedNotice({ fullName: `Plans Subject ${i}` }) })
      expect(res.statusCode).toBe(201)
    }
    onePool = await openDatabase({ kind: 'postgres', url: ctx.testDatabase!.url, poolMax: 1, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 }, createLogger('silent'))
  }, 60_000)
  afterAll(async () => {
    await onePool?.close()
    await ctx?.close()
  })

  it('are planned generically from their first execution, for a reporter\'s pages (read in two steps) and an analyst\'s', async () => {
    const deps = { db: onePool.db, secrets: ctx.secrets, queue: ctx.queue, log: ctx.app.log }
    const actors: Actor[] = [
      { role: 'reporter', partnerId: reporter.partnerId, apiKeyId: reporter.apiKeyId, requestId: 'plans-reporter' },
      { role: 'analyst', partnerId: analyst.partnerId, apiKeyId: analyst.apiKeyId, requestId: 'plans-analyst' }
    ]
    for (const actor of actors) {
      for (let i = 0; i < 6; i++) {
        for (const sort of ['-createdAt', '-score'] as const) {
          const page = JSON.parse((await listRedNoticePage(deps, actor, { sort, limit: 2, status: i === 0 ? undefined : 'active' })).text) as { items: unknown[] }
          expect(page.items.length).toBeGreaterThan(0)
        }
      }
    }
    const plans = await queryInContext<{ statement: string, generic: number, custom: number }>(onePool.db, SYSTEM_CONTEXT,
      { text: 'select statement, generic_plans::integer as generic, custom_plans::integer as custom from pg_prepared_statements where name like $1', values: ['rnm\\_%'] })
    // The two orders' search pages in each form (an analyst's whole, a reporter's split), and the split form's extras
    // and read events: 12 pages of each role, 6 to each order's statement.
    const pages = plans.filter((plan) => plan.statement.includes('red_notice_search_page('))
    expect(pages).toHaveLength(4)
    for (const page of pages) expect(page).toMatchObject({ generic: 6, custom: 0 })
    const following = plans.filter((plan) => /^\s*(select \(case when|insert into audit_events)/.test(plan.statement))
    expect(following).toHaveLength(2)
    for (const statement of following) expect(statement).toMatchObject({ generic: 12, custom: 0 })
  })
})
