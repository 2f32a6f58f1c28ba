import { sql } from 'drizzle-orm'
import { RULESET_VERSION } from '../../domain/index.ts'
import type { Database } from '../client.ts'
import { SYSTEM_CONTEXT, withContext } from '../context.ts'

/** Reports whose current revision has no score under the current ruleset, counted up to `cap`. */
export async function countUnscored (db: Database, cap = 100_000): Promise<number> {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const result = await tx.execute(sql`
      select count(*)::int as n from (
        select 1 from red_notices r where not exists (
          select 1 from scores s where s.report_kind = 'red_notice' and s.report_id = r.id and s.revision = r.revision and s.ruleset_version = ${RULESET_VERSION} and s.superseded_at is null)
        union all
        select 1 from assurances a where not exists (
          select 1 from scores s where s.report_kind = 'assurance' and s.report_id = a.id and s.revision = a.revision and s.ruleset_version = ${RULESET_VERSION} and s.superseded_at is null)
        limit ${cap}
      ) unscored`)
    return Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0)
  })
}
