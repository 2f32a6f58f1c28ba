import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { partners } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { insertRedNotice } from '../scoring/fixtures.ts'

/**
 * PGlite runs no autovacuum: the embedded handle vacuums and analyzes the tables that grew (src/db/client.ts),
 * after migrations and every ten seconds. Without statistics the planner chose scans under row-level security
 * and scoring a report grew slower with every report stored.
 */
describe('embedded database maintenance', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, createLogger('silent'))
    await handle.migrate()
  }, 60_000)
  afterAll(async () => { await handle.close() })

  const analyzed = async (): Promise<Record<string, { tuples: number, analyzed: boolean }>> => {
    const rows = await withContext(handle.db, SYSTEM_CONTEXT, async (tx) => rowsOf<{ relname: string, reltuples: number, analyzed: boolean }>(await tx.execute(sql`
      select c.relname, c.reltuples::integer as reltuples, s.last_analyze is not null as analyzed
      from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname in ('red_notices', 'red_notice_revisions', 'webhooks')`)))
    return Object.fromEntries(rows.map((r) => [r.relname, { tuples: Number(r.reltuples), analyzed: r.analyzed }]))
  }

  it('vacuums and analyzes the tables that grew, as the owner, and leaves the session to the application role', async () => {
    const [partner] = await withContext(handle.db, SYSTEM_CONTEXT, (tx) => tx.insert(partners).values({ name: 'Maintenance NGO' }).returning())
    for (let i = 0; i < 1500; i++) await insertRedNotice(handle.db, { partnerId: partner!.id })

    const grown = await handle.maintain!()
    expect(grown).toEqual(expect.arrayContaining(['red_notices', 'red_notice_revisions']))
    expect(grown).not.toContain('webhooks')
    const stats = await analyzed()
    expect(stats.red_notices).toEqual({ tuples: 1500, analyzed: true })
    expect(stats.red_notice_revisions).toEqual({ tuples: 1500, analyzed: true })

    // Nothing grew since: nothing to do.
    expect(await handle.maintain!()).toEqual([])
    // Back to the role row-level security binds: the owner would see around the policies.
    const [who] = rowsOf<{ role: string }>(await handle.db.execute(sql`select current_user as role`))
    expect(who?.role).toBe('rnm_app')
  }, 120_000)
})
