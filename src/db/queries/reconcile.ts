import { sql } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { rowsOf, type ReportKind } from './sql-helpers.ts'

export interface UnscoredReport {
  kind: ReportKind
  reportId: string
  revision: number
}

const TABLES = { red_notice: sql.raw('red_notices'), assurance: sql.raw('assurances') } as const

/**
 * Reports of one kind whose current revision has no current score under this ruleset, in id order from
 * `after`. Revisions whose failure is permanent under this ruleset are skipped: retrying them cannot help
 * until the rules change, and the reconciler would otherwise spin on them.
 */
export async function unscoredReports (tx: Transaction, input: { kind: ReportKind, rulesetVersion: string, after?: string, limit: number }): Promise<UnscoredReport[]> {
  const rows = rowsOf<{ id: string, revision: number }>(await tx.execute(sql`
    select r.id, r.revision
    from ${TABLES[input.kind]} r
    left join scoring_failures f on f.report_kind = ${input.kind} and f.report_id = r.id
      and f.revision = r.revision and f.ruleset_version = ${input.rulesetVersion}
    where ${input.after === undefined ? sql`true` : sql`r.id > ${input.after}::uuid`}
      and not exists (
        select 1 from scores s
        where s.report_kind = ${input.kind} and s.report_id = r.id and s.revision = r.revision
          and s.ruleset_version = ${input.rulesetVersion} and s.superseded_at is null)
      and f.permanent is not true
    order by r.id
    limit ${input.limit}`))
  return rows.map((r) => ({ kind: input.kind, reportId: r.id, revision: r.revision }))
}
