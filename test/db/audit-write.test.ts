import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext, type ContextOptions, type DbContext } from '../../src/db/context.ts'
import { recordAudit, type AuditEntry } from '../../src/db/queries/audit.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

// Values that an array literal must escape: quotes, backslashes, braces, commas, NULL-looking text, non-ASCII.
const awkward: AuditEntry[] = [
  { actorPartnerId: null, actorKeyId: null, action: 'partner.created', details: { name: 'a "quoted", {braced} \\ back', via: 'cli' } },
  { actorPartnerId: randomUUID(), actorKeyId: randomUUID(), action: 'red_notice.read', targetKind: 'red_notice', targetId: randomUUID(), requestId: 'NULL', details: { fields: ['subject', 'NULL', 'Зелимхан'], revision: 2, identities: false, note: null } },
  { actorPartnerId: null, actorKeyId: null, action: 'bare' }
]

describe.each(['postgres', 'pglite'] as const)('recordAudit on %s', (storage) => {
  let ctx: TestContext
  beforeAll(async () => { ctx = await createTestContext({ storage }) })
  afterAll(async () => { await ctx.close() })

  it('writes many entries in one statement, each value as given', async () => {
    const marker = `test-${randomUUID()}`
    const entries = awkward.map((entry) => ({ ...entry, action: `${entry.action}.${marker}` }))
    await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => recordAudit(tx, entries))
    const rows = await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => (await tx.execute(sql`
      select actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details from audit_events
      where action like ${`%.${marker}`} order by id`) as unknown as { rows: Array<Record<string, unknown>> }).rows)
    expect(rows).toEqual(entries.map((entry) => ({
      actor_partner_id: entry.actorPartnerId,
      actor_key_id: entry.actorKeyId,
      action: entry.action,
      target_kind: entry.targetKind ?? null,
      target_id: entry.targetId ?? null,
      request_id: entry.requestId ?? null,
      details: entry.details ?? null
    })))
  })
})

describe('withContext readEventsOnly', () => {
  let ctx: TestContext
  let client: pg.Client
  beforeAll(async () => {
    ctx = await createTestContext()
    // The test server runs with synchronous_commit off; this session commits synchronously unless told otherwise.
    client = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await client.connect()
    await client.query('set synchronous_commit = on')
  })
  afterAll(async () => {
    await client.end()
    await ctx.close()
  })

  const inside = async (context: DbContext, options?: ContextOptions) => await withContext(drizzle(client) as unknown as Database, context, async (tx) =>
    (await tx.execute(sql`select current_setting('synchronous_commit') as commit, current_setting('app.role') as role, current_setting('app.partner_id') as partner`) as unknown as { rows: unknown[] }).rows[0], options)

  it('relaxes the commit of pseudonymised reads only, in the statement that sets the context', async () => {
    const partnerId = randomUUID()
    expect(await inside({ role: 'analyst', partnerId }, { readEventsOnly: true })).toEqual({ commit: 'off', role: 'analyst', partner: partnerId })
    expect(await inside({ role: 'admin', partnerId }, { readEventsOnly: true })).toEqual({ commit: 'off', role: 'admin', partner: partnerId })
    // A reporter's reads may open its identities: their record is flushed before the answer.
    expect(await inside({ role: 'reporter', partnerId }, { readEventsOnly: true })).toEqual({ commit: 'on', role: 'reporter', partner: partnerId })
    expect(await inside({ role: 'analyst', partnerId })).toEqual({ commit: 'on', role: 'analyst', partner: partnerId })
    // Transaction-local: the session is as it was.
    expect((await client.query('show synchronous_commit')).rows[0]).toEqual({ synchronous_commit: 'on' })
  })
})
