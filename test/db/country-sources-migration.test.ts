import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { rowsOf } from '../../src/db/queries/sql-helpers.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'

// Migration 0020 on real PostgreSQL: quotable country sources and the systematic-torture findings of UN bodies.
describe('migration 0020: country sources for ruleset 2026.12.1', () => {
  let testDb: TestDatabase
  let handle: DatabaseHandle
  beforeAll(async () => {
    testDb = await createTestDatabase()
    handle = await openTestDatabase(testDb.url)
  })
  afterAll(async () => { await handle.close(); await testDb.drop() })

  it('marks Egypt and Uzbekistan as systematic torture, with the UN documents as sources', async () => {
    const rows = rowsOf<{ code: string, systematic_torture: boolean, refs: string[] }>(await handle.db.execute(sql`
      select code, systematic_torture, array(select s->>'reference' from jsonb_array_elements(sources) s where s ? 'reference') as refs
      from countries where code in ('EG', 'UZ') order by code`))
    expect(rows).toEqual([
      { code: 'EG', systematic_torture: true, refs: ['A/72/44, paras. 58-71'] },
      { code: 'UZ', systematic_torture: true, refs: ['E/CN.4/2003/68/Add.2'] }
    ])
  })

  it('leaves no repository name or internal document in any country source, and gives Freedom House a link', async () => {
    const [bad] = rowsOf<{ n: number }>(await handle.db.execute(sql`
      select count(*)::int as n from countries where sources::text ~ '(guilsuper|domain\.md)'`))
    expect(bad?.n).toBe(0)
    const [fh] = rowsOf<{ n: number }>(await handle.db.execute(sql`
      select count(*)::int as n from countries, jsonb_array_elements(sources) s
      where s->>'title' = 'Freedom in the World 2023' and s->>'url' = 'https://freedomhouse.org/report/freedom-world'`))
    expect(fh?.n).toBeGreaterThan(190)
  })
})
