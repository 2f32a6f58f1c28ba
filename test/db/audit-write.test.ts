import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
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
