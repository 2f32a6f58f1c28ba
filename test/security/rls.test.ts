/**
 * Row-level security, checked in SQL beneath the API (docs/security.md §3.5): the second lock on BOLA holds
 * even for a query that forgets its partner filter. Runs as the application role `rnm_app` on a database
 * filled through the API.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { bearer } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { canaryAssurance, canaryRedNotice, createWorld, type World } from './support.ts'

/** Tables holding partner data, and the column naming the partner. */
const PARTNER_TABLES: Record<string, string> = {
  red_notices: 'partner_id',
  red_notice_revisions: 'partner_id',
  assurances: 'partner_id',
  assurance_revisions: 'partner_id',
  scores: 'partner_id',
  idempotency_keys: 'partner_id',
  api_keys: 'partner_id',
  partners: 'id',
  red_notice_links: 'partner_id',
  scoring_failures: 'partner_id',
  webhooks: 'partner_id',
  webhook_deliveries: 'partner_id',
  webhook_attempts: 'partner_id'
}
/** Tables the application may read without row-level security, each with the reason. */
const WITHOUT_RLS: Record<string, string> = {
  // Keyed hashes of normalised names linking reports to pseudonymous subjects across partners: linking
  // must compare with every partner's indexes. Holds no partner id, no identity, no facts.
  subject_indexes: 'cross-partner subject linking by blind index',
  // The statistics release (docs/statistics.md): counts of classes of at least k reports, read by every
  // analyst alike. No partner id, no report id, no identity; rnm_app may only SELECT them.
  stats_release_classes: 'statistics release: classes of reports and assurances',
  stats_release_indicator_classes: 'statistics release: indicator classes',
  stats_release_rollup: 'statistics release: published classes, summed',
  stats_release: 'statistics release: when it was built, for which k'
}

/**
 * Tables with partner data that rnm_app cannot touch at all (no privilege, RLS enabled without a policy): read
 * only through a SECURITY DEFINER function that applies the read policy's rule itself, each with that function.
 */
const OWNER_ONLY: Record<string, string> = {
  // The list's search structure (migration 0022): a GIN on `@>` that row-level security would never let serve.
  red_notice_search: 'red_notice_search_page'
}

type Context = { role: string, partnerId?: string } | null

describe('row-level security in SQL, as rnm_app', () => {
  let ctx: TestContext
  let world: World
  let client: pg.Client

  /** One transaction as rnm_app in the given request context (none: no settings at all); always rolled back. */
  async function as<T> (context: Context, fn: (q: (text: string, values?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>): Promise<T> {
    await client.query('begin')
    try {
      await client.query('set local role rnm_app')
      if (context !== null) {
        await client.query("select set_config('app.role', $1, true), set_config('app.partner_id', $2, true)", [context.role, context.partnerId ?? ''])
      }
      return await fn((text, values) => client.query(text, values))
    } finally {
      await client.query('rollback')
    }
  }
  const reporterA = () => ({ role: 'reporter', partnerId: world.a.partnerId })
  async function sqlState (promise: Promise<unknown>): Promise<string> {
    try {
      await promise
      return 'ok'
    } catch (err) {
      return String((err as { code?: string }).code)
    }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    world = await createWorld(ctx)
    for (const who of [world.a, world.b]) {
      for (let i = 0; i < 3; i++) {
        const tag = randomUUID().slice(0, 8)
        const notice = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: { ...bearer(who.token), 'idempotency-key': randomUUID() }, payload: canaryRedNotice(tag) })
        expect(notice.statusCode).toBe(201)
        const assurance = await ctx.app.inject({ method: 'POST', url: '/v1/assurances', headers: { ...bearer(who.token), 'idempotency-key': randomUUID() }, payload: canaryAssurance(tag) })
        expect(assurance.statusCode).toBe(201)
        // Scores are written by the scoring worker, in the system context.
        await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scores
          (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
          values ('red_notice', ${notice.json().id}, ${who.partnerId}, 1, 'test', 42, 'elevated', 42, '[]'::jsonb)`))
        // So are failures; links come from a report naming another (kept by a trigger on red_notices).
        await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`insert into scoring_failures
          (report_kind, report_id, revision, ruleset_version, partner_id, attempts, final, permanent, reason)
          values ('assurance', ${assurance.json().id}, 1, 'test', ${who.partnerId}, 1, false, false, 'test')`))
        // Webhook subscriptions through the API; their deliveries and attempts as the scorer and sender write them.
        const hook = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(who.token), payload: { url: `https://93.184.215.14/hook/${tag}`, events: ['score.band_raised'] } })
        expect(hook.statusCode, hook.body).toBe(201)
        await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => tx.execute(sql`with d as (
            insert into webhook_deliveries (webhook_id, partner_id, event_type, event_key, payload)
            values (${hook.json().id}, ${who.partnerId}, 'score.band_raised', ${tag}, '{}'::jsonb) returning id, partner_id)
          insert into webhook_attempts (delivery_id, partner_id, attempt, outcome, duration_ms, status_code)
          select id, partner_id, 1, 'succeeded', 5, 200 from d`))
        if (i > 0) {
          const linked = await ctx.app.inject({ method: 'PATCH', url: `/v1/red-notices/${notice.json().id}`, headers: { ...bearer(who.token), 'if-match': '"1"' }, payload: { linkedReportIds: [notice.json().id] } })
          expect(linked.statusCode, linked.body).toBe(200)
        }
      }
    }
    client = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
    await ctx.close()
  })

  it('the application\'s own pool runs as rnm_app', async () => {
    const result = await ctx.database.db.execute(sql`select current_user as who`) as unknown as { rows: Array<{ who: string }> }
    expect(result.rows[0]?.who).toBe('rnm_app')
  })

  it('a reporter context sees exactly its own partner\'s rows in every partner table', async () => {
    for (const [table, column] of Object.entries(PARTNER_TABLES)) {
      // Ground truth from the owner connection (a superuser: not bound by RLS).
      const all = await client.query(`select ${column}::text as p, count(*)::int as n from ${table} group by 1`)
      const ownCount = all.rows.find((row) => row.p === world.a.partnerId)?.n ?? 0
      expect(ownCount, `${table}: A has rows to see`).toBeGreaterThan(0)
      expect(all.rows.some((row) => row.p === world.b.partnerId), `${table}: B has rows to hide`).toBe(true)
      const seen = await as(reporterA(), (q) => q(`select ${column}::text as p from ${table}`))
      expect(seen.rows.length, table).toBe(ownCount)
      expect(new Set(seen.rows.map((row) => row.p)), table).toEqual(new Set([world.a.partnerId]))
      // Asking for B's rows by name changes nothing.
      const asked = await as(reporterA(), (q) => q(`select count(*)::int as n from ${table} where ${column} = $1`, [world.b.partnerId]))
      expect(asked.rows[0].n, table).toBe(0)
    }
  })

  it('without any context, or with an unknown role, every table is empty (fails closed)', async () => {
    for (const context of [null, { role: '' }, { role: 'superuser' }, { role: 'reporter' }]) {
      for (const table of [...Object.keys(PARTNER_TABLES), 'audit_events']) {
        const result = await as(context, (q) => q(`select count(*)::int as n from ${table}`))
        expect(result.rows[0].n, `${table} with ${JSON.stringify(context)}`).toBe(0)
      }
    }
  })

  it('a context does not outlive its transaction on a pooled connection', async () => {
    await client.query('begin')
    await client.query('set local role rnm_app')
    await client.query("select set_config('app.role', 'reporter', true), set_config('app.partner_id', $1, true)", [world.a.partnerId])
    expect((await client.query('select count(*)::int as n from red_notices')).rows[0].n).toBeGreaterThan(0)
    await client.query('commit')
    const after = await as(null, (q) => q('select count(*)::int as n from red_notices'))
    expect(after.rows[0].n).toBe(0)
  })

  it('refuses a reporter\'s writes into another partner\'s rows (WITH CHECK), and hides them from UPDATE and DELETE', async () => {
    const bNotice = (await as({ role: 'system' }, (q) => q('select * from red_notices where partner_id = $1 limit 1', [world.b.partnerId]))).rows[0]
    const aNotice = (await as({ role: 'system' }, (q) => q('select * from red_notices where partner_id = $1 limit 1', [world.a.partnerId]))).rows[0]
    const insertAs = (partnerId: string) => as(reporterA(), (q) => q(`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, facts)
      values ($1, gen_random_uuid(), 1, 'red_notice', 'RU', '{}'::jsonb)`, [partnerId]))
    expect(await sqlState(insertAs(world.a.partnerId))).toBe('ok')
    expect(await sqlState(insertAs(world.b.partnerId))).toBe('42501')
    expect(await sqlState(as(reporterA(), (q) => q(`insert into red_notice_revisions (report_id, revision, partner_id, facts)
      values ($1, 99, $2, '{}'::jsonb)`, [bNotice.id, world.b.partnerId])))).toBe('42501')
    expect(await sqlState(as(reporterA(), (q) => q(`insert into assurances (partner_id, revision, giving_state, receiving_state, facts)
      values ($1, 1, 'RU', 'FR', '{}'::jsonb)`, [world.b.partnerId])))).toBe('42501')
    expect(await sqlState(as(reporterA(), (q) => q(`insert into idempotency_keys (partner_id, key, route, request_hash, status_code)
      values ($1, 'k', 'r', 'h', 201)`, [world.b.partnerId])))).toBe('42501')
    expect(await sqlState(as(reporterA(), (q) => q(`insert into api_keys (partner_id, key_id, secret_hash, role)
      values ($1, $2, 'h', 'admin')`, [world.a.partnerId, randomUUID()])))).toBe('42501')
    expect(await sqlState(as(reporterA(), (q) => q("insert into partners (name) values ('rogue')")))).toBe('42501')
    // Moving an own row to B is a write into B.
    expect(await sqlState(as(reporterA(), (q) => q('update red_notices set partner_id = $1 where id = $2', [world.b.partnerId, aNotice.id])))).toBe('42501')
    for (const table of ['red_notices', 'assurances', 'red_notice_revisions', 'assurance_revisions', 'idempotency_keys', 'api_keys']) {
      const updated = await as(reporterA(), (q) => q(`update ${table} set partner_id = partner_id where partner_id = $1`, [world.b.partnerId]))
      expect(updated.rowCount, `update ${table}`).toBe(0)
    }
    for (const table of ['scores', 'idempotency_keys']) {
      const deleted = await as(reporterA(), (q) => q(`delete from ${table} where partner_id = $1`, [world.b.partnerId]))
      expect(deleted.rowCount, `delete ${table}`).toBe(0)
    }
  })

  it('analysts read every case but write none; only the system context writes scores', async () => {
    const analyst = { role: 'analyst', partnerId: randomUUID() }
    const seen = await as(analyst, (q) => q('select count(distinct partner_id)::int as n from red_notices'))
    expect(seen.rows[0].n).toBe(2)
    expect(await sqlState(as(analyst, (q) => q("update red_notices set status = 'deleted'")))).toBe('42501')
    expect(await sqlState(as(analyst, (q) => q(`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, facts)
      values ($1, gen_random_uuid(), 1, 'red_notice', 'RU', '{}'::jsonb)`, [world.a.partnerId])))).toBe('42501')
    const scoreInsert = (role: string) => as({ role, partnerId: world.a.partnerId }, (q) => q(`insert into scores
      (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
      values ('red_notice', gen_random_uuid(), $1, 1, 'forged', 0, 'low', 0, '[]'::jsonb)`, [world.a.partnerId]))
    expect(await sqlState(scoreInsert('reporter'))).toBe('42501')
    expect(await sqlState(scoreInsert('admin'))).toBe('42501')
    expect(await sqlState(scoreInsert('system'))).toBe('ok')
  })

  it('catalog: every table with partner data has RLS enabled and forced and a policy; the rest are named exceptions', async () => {
    const tables = (await client.query(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'partner_id' and not a.attisdropped) as has_partner_id,
             has_table_privilege('rnm_app', c.oid, 'select') as app_reads
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`)).rows
    const withPartner = tables.filter((t) => t.has_partner_id)
    expect(withPartner.map((t) => t.relname).sort()).toEqual([...Object.keys(PARTNER_TABLES).filter((t) => t !== 'partners'), ...Object.keys(OWNER_ONLY)].sort())
    for (const name of Object.keys(OWNER_ONLY)) {
      const privileges = await client.query("select bool_or(has_table_privilege('rnm_app', $1, p)) as any from unnest(array['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']) p", [name])
      expect({ table: name, rls: tables.find((t) => t.relname === name)?.relrowsecurity, appPrivileges: privileges.rows[0].any })
        .toEqual({ table: name, rls: true, appPrivileges: false })
    }
    for (const table of tables.filter((t) => (t.has_partner_id || t.app_reads) && OWNER_ONLY[t.relname] === undefined)) {
      if (WITHOUT_RLS[table.relname] !== undefined && !table.has_partner_id) continue
      expect({ table: table.relname, rls: table.relrowsecurity, forced: table.relforcerowsecurity, hasPolicy: table.policies > 0 })
        .toEqual({ table: table.relname, rls: true, forced: true, hasPolicy: true })
    }
    // An exception that no longer exists, or gained RLS, should leave the list.
    for (const name of Object.keys(WITHOUT_RLS)) expect(tables.find((t) => t.relname === name)?.relrowsecurity).toBe(false)
  })

  it('the search table is out of rnm_app\'s reach, and its page function shows each context what the policy does', async () => {
    expect(await sqlState(as({ role: 'analyst', partnerId: randomUUID() }, (q) => q('select count(*) from red_notice_search')))).toBe('42501')
    expect(await sqlState(as({ role: 'system' }, (q) => q("update red_notice_search set terms = '{}'")))).toBe('42501')
    const owners = (await client.query('select id::text, partner_id::text from red_notices')).rows as Array<{ id: string, partner_id: string }>
    const page = async (context: Context): Promise<string[]> => (await as(context, (q) =>
      q("select report_id::text as id from red_notice_search_page('{}'::jsonb, '-createdAt', null, null, null, 1000)"))).rows.map((r) => r.id).sort()
    const ofPartner = (partnerId: string) => owners.filter((o) => o.partner_id === partnerId).map((o) => o.id).sort()
    expect(await page(reporterA())).toEqual(ofPartner(world.a.partnerId))
    expect(await page({ role: 'reporter', partnerId: world.b.partnerId })).toEqual(ofPartner(world.b.partnerId))
    expect(await page({ role: 'analyst', partnerId: randomUUID() })).toEqual(owners.map((o) => o.id).sort())
    for (const context of [null, { role: '' }, { role: 'reporter' }, { role: 'superuser', partnerId: world.a.partnerId }]) {
      expect(await page(context), JSON.stringify(context)).toEqual(context?.role === 'superuser' ? ofPartner(world.a.partnerId) : [])
    }
  })

  it('rnm_app is no superuser, cannot bypass RLS (directly or through a role it belongs to) and owns nothing', async () => {
    const role = (await client.query("select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = 'rnm_app'")).rows[0]
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false })
    const inherited = await client.query("select rolname from pg_roles r where pg_has_role('rnm_app', r.oid, 'member') and (r.rolsuper or r.rolbypassrls)")
    expect(inherited.rows).toEqual([])
    const owned = await client.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and pg_has_role('rnm_app', c.relowner, 'member')`)
    expect(owned.rows).toEqual([])
  })

  it('the audit log is append-only for rnm_app: UPDATE, DELETE and TRUNCATE are permission denied in any context', async () => {
    const before = (await as({ role: 'system' }, (q) => q('select count(*)::int as n from audit_events'))).rows[0].n
    expect(before).toBeGreaterThan(0)
    for (const context of [{ role: 'system' }, { role: 'admin', partnerId: world.admin.partnerId }, reporterA()]) {
      expect(await sqlState(as(context, (q) => q("update audit_events set action = 'forged'")))).toBe('42501')
      expect(await sqlState(as(context, (q) => q('delete from audit_events')))).toBe('42501')
      expect(await sqlState(as(context, (q) => q('truncate audit_events')))).toBe('42501')
    }
    expect(await sqlState(as(reporterA(), (q) => q("insert into audit_events (action) values ('test.append')")))).toBe('ok')
    // Reporters may append, and read only the events that concern their own partner (docs/security-admin.md):
    // its keys' actions and what was done to its keys and reports; never B's.
    const seen = await as(reporterA(), (q) => q('select actor_partner_id::text as actor, target_kind, target_id::text as target from audit_events'))
    expect(seen.rows.length).toBeGreaterThan(0)
    const aTargets = new Set((await as({ role: 'system' }, (q) => q(`select id::text from red_notices where partner_id = $1 union all select id::text from assurances where partner_id = $1
      union all select id::text from api_keys where partner_id = $1`, [world.a.partnerId]))).rows.map((row) => row.id as string))
    for (const row of seen.rows) expect(row.actor === world.a.partnerId || aTargets.has(row.target) || row.target === world.a.partnerId, JSON.stringify(row)).toBe(true)
    expect((await as(reporterA(), (q) => q('select count(*)::int as n from audit_events where actor_partner_id = $1', [world.b.partnerId]))).rows[0].n).toBe(0)
  })
})
