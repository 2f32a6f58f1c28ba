import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext, type Transaction } from '../../src/db/context.ts'
import { partners, redNoticeRevisions, redNotices, scores } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from '../helpers/db.ts'

interface Backend { name: string, open (): Promise<{ handle: DatabaseHandle, cleanup (): Promise<void> }> }

const backends: Backend[] = [
  {
    name: 'PostgreSQL',
    async open () {
      // An empty database, so the migrations themselves are exercised, not the template's result.
      const testDb: TestDatabase = await createTestDatabase({ empty: true })
      const handle = await openTestDatabase(testDb.url)
      return { handle, cleanup: async () => { await handle.close(); await testDb.drop() } }
    }
  },
  {
    name: 'PGlite',
    async open () {
      const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, createLogger('silent'))
      return { handle, cleanup: () => handle.close() }
    }
  }
]

describe.each(backends)('storage on $name', (backend) => {
  let handle: DatabaseHandle
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ({ handle, cleanup } = await backend.open())
    await handle.migrate()
  })
  afterAll(async () => { await cleanup() })
  // The application role writes under row-level security; the system context is what workers use.
  const asSystem = (fn: (db: Transaction) => Promise<void>) => withContext(handle.db, SYSTEM_CONTEXT, fn)

  it('applies the migrations, and applying them again changes nothing', async () => {
    await handle.migrate()
    const tables = await handle.db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`)
    const names = (tables as unknown as { rows: Array<{ table_name: string }> }).rows.map((r) => r.table_name)
    for (const table of ['partners', 'api_keys', 'red_notices', 'red_notice_revisions', 'assurances', 'assurance_revisions', 'scores', 'audit_events']) {
      expect(names).toContain(table)
    }
  })

  it('stores a report with its revisions, and keeps one score per (report, revision, ruleset)', () => asSystem(async (db) => {
    const [partner] = await db.insert(partners).values({ name: `NGO ${randomUUID()}` }).returning()
    const partnerId = partner!.id
    const [report] = await db.insert(redNotices).values({
      partnerId, subjectId: randomUUID(), revision: 1, mechanism: 'red_notice', requestingCountry: 'RU', facts: { charges: [] }
    }).returning()
    const reportId = report!.id
    await db.insert(redNoticeRevisions).values([
      { reportId, revision: 1, partnerId, facts: { v: 1 } },
      { reportId, revision: 2, partnerId, facts: { v: 2 } }
    ])
    const score = { reportKind: 'red_notice' as const, reportId, partnerId, revision: 2, rulesetVersion: 'r1', score: 80, band: 'critical' as const, rawTotal: 80, contributions: [] }
    await db.insert(scores).values(score)
    const again = await db.insert(scores).values(score).onConflictDoNothing().returning()
    expect(again).toEqual([])
    // A savepoint, so the expected failure does not abort the surrounding transaction.
    await expect(db.transaction(async (sp) => { await sp.insert(scores).values(score) })).rejects.toThrow()
    const stored = await db.select().from(scores).where(and(eq(scores.reportId, reportId), eq(scores.revision, 2)))
    expect(stored).toHaveLength(1)
    const revisions = await db.select().from(redNoticeRevisions).where(eq(redNoticeRevisions.reportId, reportId))
    expect(revisions.map((r) => r.facts)).toEqual([{ v: 1 }, { v: 2 }])
  }))

  it('runs the application\'s queries as rnm_app, so row-level security always applies', async () => {
    for (let i = 0; i < 3; i++) {
      const result = await handle.db.execute(sql`select current_user as who`)
      expect((result as unknown as { rows: Array<{ who: string }> }).rows[0]?.who).toBe('rnm_app')
    }
  })

  it('refuses a score outside 0..100', () => asSystem(async (db) => {
    const [partner] = await db.insert(partners).values({ name: `NGO ${randomUUID()}` }).returning()
    await expect(db.transaction((sp) => sp.insert(scores).values({
      reportKind: 'red_notice', reportId: randomUUID(), partnerId: partner!.id, revision: 1, rulesetVersion: 'r1', score: 101, band: 'critical', rawTotal: 101, contributions: []
    }))).rejects.toThrow()
  }))
})
