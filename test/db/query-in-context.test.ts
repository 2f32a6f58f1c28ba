import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { PgDialect } from 'drizzle-orm/pg-core'
import { queryInContext, readThenWriteInContext, sqlOfText, type DbContext } from '../../src/db/context.ts'
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
    await queryInContext(database.db, { role: 'analyst', partnerId: null }, settings, { readEventsOnly: true, genericPlans: true })
    const client = await database.pool!.connect()
    try {
      expect((client as unknown as { pipeline: boolean }).pipeline).toBe(false)
      const { rows: [after] } = await client.query<{ role: string | null, sync: string, plans: string }>(
        "select current_setting('app.role', true) as role, current_setting('synchronous_commit') as sync, current_setting('plan_cache_mode') as plans")
      expect(after).toEqual({ role: '', sync: 'on', plans: 'auto' })
      const { rows: prepared } = await client.query<{ name: string }>('select name from pg_prepared_statements order by name')
      expect(prepared.map((row) => row.name)).toContain('rnm_set_context')
      expect(prepared.filter((row) => /^rnm_[0-9a-f]{24}$/.test(row.name)).length).toBeGreaterThan(0)
    } finally {
      client.release()
    }
  })

  it('runs its statement on the generic plan from the first execution only when asked (genericPlans), and only in that transaction', async () => {
    const analyst: DbContext = { role: 'analyst', partnerId: null }
    const generic = { text: "select $1::integer as n, current_setting('plan_cache_mode') as plans -- generic", values: [1] }
    const custom = { text: "select $1::integer as n, current_setting('plan_cache_mode') as plans -- custom", values: [1] }
    for (let i = 0; i < 3; i++) {
      expect(await queryInContext(database.db, analyst, generic, { genericPlans: true })).toEqual([{ n: 1, plans: 'force_generic_plan' }])
      expect(await queryInContext(database.db, analyst, custom)).toEqual([{ n: 1, plans: 'auto' }])
    }
    // The pool's one connection prepared both: PostgreSQL counts how each was planned.
    const counted = await queryInContext<{ statement: string, generic: number, custom: number }>(database.db, analyst,
      sql`select statement, generic_plans::integer as generic, custom_plans::integer as custom from pg_prepared_statements
        where statement in (${generic.text}, ${custom.text}) order by statement`)
    expect(counted).toEqual([{ statement: custom.text, generic: 0, custom: 3 }, { statement: generic.text, generic: 3, custom: 0 }])
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

/** readThenWriteInContext (src/db/context.ts): a read, then the statements its rows decide and COMMIT, with work done meanwhile. */
describe('readThenWriteInContext', () => {
  let testDb: TestDatabase
  let database: DatabaseHandle
  let embedded: DatabaseHandle
  beforeAll(async () => {
    testDb = await createTestDatabase()
    database = await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 1, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 }, createLogger('silent'))
    embedded = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, createLogger('silent'))
    await embedded.migrate()
  }, 60_000)
  afterAll(async () => {
    await database?.close()
    await embedded?.close()
    await testDb?.drop()
  })

  const reporter: DbContext = { role: 'reporter', partnerId: PARTNER }
  const read = { text: "select $1::integer as n, current_setting('app.role', true) as role, current_setting('synchronous_commit') as sync", values: [21] }
  const event = (requestId: string) => ({
    text: "insert into audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details) values ($1::uuid, $1::uuid, 'red_notice.read', 'red_notice', $1::uuid, $2::text, '{}'::jsonb)",
    values: [PARTNER, requestId]
  })
  const events = async (handle: DatabaseHandle, requestId: string) =>
    (await queryInContext<{ n: number }>(handle.db, { role: 'system', partnerId: null }, { text: 'select count(*)::int as n from audit_events where request_id = $1', values: [requestId] }))[0]!.n

  for (const kind of ['postgres', 'pglite'] as const) {
    const handle = () => kind === 'postgres' ? database : embedded

    it(`${kind}: gives work the read's rows and then the following statements' rows in order, and returns what it made once committed`, async () => {
      const made = await readThenWriteInContext(handle().db, reporter, read, (rows) => ({
        then: [{ text: "select $1::integer * 2 as doubled, current_setting('app.role', true) as role", values: [rows[0]!.n] }, event(`${kind}-ok`)],
        work: async (answers) => ({ read: rows, answers: await answers })
      }), { readEventsOnly: true })
      // A reporter's reads keep synchronous commits, whatever readEventsOnly says (ContextOptions).
      expect(made).toEqual({ read: [{ n: 21, role: 'reporter', sync: 'on' }], answers: [[{ doubled: 42, role: 'reporter' }], []] })
      expect(await events(handle(), `${kind}-ok`)).toBe(1)
    })

    it(`${kind}: a following statement that fails rolls the transaction back, drops what work made and throws its own error`, async () => {
      const failing = readThenWriteInContext(handle().db, reporter, read, () => ({
        then: [event(`${kind}-failed`), { text: 'select 1 / $1::integer as boom', values: [0] }],
        work: () => 'made'
      }))
      // PGlite's error comes wrapped by drizzle (its cause), as from withContext.
      await expect(failing.then(() => 'resolved', (err: { code?: string, cause?: { code?: string } }) => err.code ?? err.cause?.code)).resolves.toBe('22012')
      expect(await events(handle(), `${kind}-failed`)).toBe(0)
      expect(await queryInContext(handle().db, { role: 'analyst', partnerId: null }, read)).toMatchObject([{ n: 21, role: 'analyst' }])
    })

    it(`${kind}: work that throws still commits what the read served, then throws its error; a plan that throws writes nothing`, async () => {
      await expect(readThenWriteInContext(handle().db, reporter, read, () => ({
        then: [event(`${kind}-work-threw`)],
        work: () => { throw new Error('could not open') }
      }))).rejects.toThrow('could not open')
      expect(await events(handle(), `${kind}-work-threw`)).toBe(1)
      await expect(readThenWriteInContext(handle().db, reporter, read, () => { throw new Error('no plan') })).rejects.toThrow('no plan')
      expect(await queryInContext(handle().db, { role: 'analyst', partnerId: null }, read)).toMatchObject([{ n: 21, role: 'analyst' }])
    })
  }

  it('postgres: runs the read and the following statements on their generic plans when asked (genericPlans), then hands the connection back as it was', async () => {
    const plans = { text: "select $1::integer as n, current_setting('plan_cache_mode') as plans", values: [1] }
    const made = await readThenWriteInContext(database.db, reporter, plans, (rows) => ({ then: [plans], work: async (answers) => [rows, ...await answers] }), { genericPlans: true })
    expect(made).toEqual([[{ n: 1, plans: 'force_generic_plan' }], [{ n: 1, plans: 'force_generic_plan' }]])
    expect(await queryInContext(database.db, reporter, plans)).toEqual([{ n: 1, plans: 'auto' }])
  })

  it('runs work while PostgreSQL runs the following statements, and hands the connection back as it found it', async () => {
    let workStarted = 0
    let answered = 0
    await readThenWriteInContext(database.db, reporter, read, () => ({
      then: [{ text: 'select pg_sleep($1::float8) as slept', values: [0.3] }],
      work: async (answers) => {
        workStarted = performance.now()
        await answers
        answered = performance.now()
      }
    }))
    // Work began at once, not after the 300 ms statement answered.
    expect(answered - workStarted).toBeGreaterThan(200)
    const client = await database.pool!.connect()
    try {
      expect((client as unknown as { pipeline: boolean }).pipeline).toBe(false)
      const { rows: [after] } = await client.query<{ role: string | null, open: boolean }>("select current_setting('app.role', true) as role, now() = statement_timestamp() as open")
      expect(after).toEqual({ role: '', open: true })
    } finally {
      client.release()
    }
  })
})
