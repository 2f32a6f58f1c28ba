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
 * until the rules change, and the reconciler would otherwise spin on them. So are revisions still pending in
 * a running rescoring run under this ruleset: its chunk jobs score them (a ruleset adopted through a run
 * would otherwise be scored twice over, once per report).
 */
export async function unscoredReports (tx: Transaction, input: { kind: ReportKind, rulesetVersion: string, after?: string, limit: number }): Promise<UnscoredReport[]> {
  // Few runs run at once: their ids first, so each report costs one probe of the pending items' index per run.
  const runs = rowsOf<{ id: string }>(await tx.execute(sql`select id from rescoring_runs where status = 'running' and ruleset_version = ${input.rulesetVersion}`)).map((r) => r.id)
  const pendingInRun = runs.length === 0
    ? sql``
    : sql`and not exists (
        select 1 from rescoring_run_items it
        where it.run_id = any(${`{${runs.join(',')}}`}::uuid[]) and it.report_kind = ${input.kind} and it.report_id = r.id
          and it.revision = r.revision and it.state = 'pending')`
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
      ${pendingInRun}
    order by r.id
    limit ${input.limit}`))
  return rows.map((r) => ({ kind: input.kind, reportId: r.id, revision: r.revision }))
}
