import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { PgDialect } from 'drizzle-orm/pg-core'
import { queryInContext, sqlOfText } from '../../src/db/context.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { openDatabase } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'

const PARTNER = '00000000-0000-4000-8000-000000000001'

/** queryInContext (src/db/context.ts): BEGIN, the context, one statement and COMMIT written in one go. */
describe('queryInContext', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  beforeAll(async () => {
    testDb = await createTestDatabase()
    // One connection: every call below runs on the same session, so what one leaves behind the next would see.
    database = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 }, createLogger('silent'))
  })
  afterAll(async () => {
    await database?.close()
    await testDb?.drop()
  })

  const settings = sql`select current_setting('app.role', true) as role, current_setting('app.partner_id', true) as partner,
    current_setting('synchronous_commit') as sync, current_user as "user", now() = statement_timestamp() as "ownTransaction"`

  it('runs the statement as the application role in a transaction carrying the context; only non-reporters commit without the flush', async () => {
    const analyst = await queryInContext(database.db, { role: 'analyst', partnerId: null }, settings, { readEventsOnly: true })
    // now() is the transaction's start: earlier than the statement's own start only if BEGIN ran before it.
    expect(analyst).toEqual([{ role: 'analyst', partner: '', sync: 'off', user: 'rnm_app', ownTransaction: false }])
    const reporter = await queryInContext(database.db, { role: 'reporter', partnerId: PARTNER }, settings, { readEventsOnly: true })
    expect(reporter).toEqual([{ role: 'reporter', partner: PARTNER, sync: 'on', user: 'rnm_app', ownTransaction: false }])
    expect(await queryInContext(database.db, { role: 'admin', partnerId: PARTNER }, settings)).toMatchObject([{ role: 'admin', sync: 'on' }])
  })

  it('hands the connection back as it found it: settings gone, pipeline mode off, the statements prepared for the next call', async () => {
    await queryInContext(database.db, { role: 'analyst', partnerId: null }, settings, { readEventsOnly: true })
    const client = await database.pool!.connect()
    try {
      expect((client as unknown as { pipeline: boolean }).pipeline).toBe(false)
      const { rows: [after] } = await client.query<{ role: string | null, sync: string }>("select current_setting('app.role', true) as role, current_setting('synchronous_commit') as sync")
      expect(after).toEqual({ role: '', sync: 'on' })
      const { rows: prepared } = await client.query<{ name: string }>('select name from pg_prepared_statements order by name')
      expect(prepared.map((row) => row.name)).toContain('rnm_set_context')
      expect(prepared.filter((row) => /^rnm_[0-9a-f]{24}$/.test(row.name)).length).toBeGreaterThan(0)
    } finally {
      client.release()
    }
  })

  it('rejects with the statement\'s own error, keeps none of its writes, and leaves the connection usable', async () => {
    const before = await queryInContext<{ n: number }>(database.db, { role: 'system', partnerId: null }, sql`select count(*)::int as n from audit_events`)
    const failing = sql`with written as (
        insert into audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)
        values (${PARTNER}::uuid, ${PARTNER}::uuid, 'red_notice.read', 'red_notice', ${PARTNER}::uuid, 'test', '{}'::jsonb) returning 1 as one
      ) select one / 0 as boom from written`
    await expect(queryInContext(database.db, { role: 'system', partnerId: null }, failing)).rejects.toMatchObject({ code: '22012' })
    const after = await queryInContext<{ n: number }>(database.db, { role: 'system', partnerId: null }, sql`select count(*)::int as n from audit_events`)
    expect(after).toEqual(before)
    expect(await queryInContext(database.db, { role: 'analyst', partnerId: null }, settings)).toMatchObject([{ role: 'analyst', ownTransaction: false }])
  })

  it('runs a statement given as text and values as the same statement built as SQL, a parameter used twice included', async () => {
    const statement = { text: "select $1::text as role, ($2::integer is null or $2::integer > 1) as wide, current_setting('app.role', true) as context", values: ['x', 2] }
    expect(await queryInContext(database.db, { role: 'analyst', partnerId: null }, statement)).toEqual([{ role: 'x', wide: true, context: 'analyst' }])
    expect(await queryInContext(database.db, { role: 'analyst', partnerId: null }, { ...statement, values: ['y', null] })).toEqual([{ role: 'y', wide: true, context: 'analyst' }])
    // Embedded mode's form of it: every $n its own parameter with that value.
    expect(new PgDialect().sqlToQuery(sqlOfText(statement))).toEqual({
      sql: "select $1::text as role, ($2::integer is null or $3::integer > 1) as wide, current_setting('app.role', true) as context", params: ['x', 2, 2], typings: ['none', 'none', 'none']
    })
  })
})
