import { and, eq, sql } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { scoringFailures } from '../schema.ts'
import { type ReportKind } from './sql-helpers.ts'

export interface FailureRecord {
  kind: ReportKind
  reportId: string
  revision: number
  rulesetVersion: string
  attempts: number
  final: boolean
  permanent: boolean
  /** A fixed code written by the handler (e.g. `rules_error`), never an error message. */
  reason: string
}

/**
 * Records (or replaces) the last failure of each revision. The partner comes from the report row itself, so
 * a failure can be recorded even when loading the report was what failed; a report that does not exist
 * records nothing (nobody could read it).
 */
export async function recordFailures (tx: Transaction, failures: readonly FailureRecord[]): Promise<void> {
  if (failures.length === 0) return
  const values = sql.join(failures.map((f) => sql`(${f.kind}::text, ${f.reportId}::uuid, ${f.revision}::int, ${f.rulesetVersion}::text,
    ${f.attempts}::int, ${f.final}::boolean, ${f.permanent}::boolean, ${f.reason}::text)`), sql`, `)
  await tx.execute(sql`
    insert into scoring_failures (report_kind, report_id, revision, ruleset_version, partner_id, attempts, final, permanent, reason)
    select f.kind, f.report_id, f.revision, f.ruleset_version, coalesce(n.partner_id, a.partner_id), f.attempts, f.final, f.permanent, f.reason
    from (values ${values}) as f(kind, report_id, revision, ruleset_version, attempts, final, permanent, reason)
    left join red_notices n on f.kind = 'red_notice' and n.id = f.report_id
    left join assurances a on f.kind = 'assurance' and a.id = f.report_id
    where coalesce(n.partner_id, a.partner_id) is not null
    on conflict (report_kind, report_id, revision, ruleset_version) do update
      set attempts = excluded.attempts, final = excluded.final, permanent = excluded.permanent,
          reason = excluded.reason, failed_at = now()`)
}

export async function findFailure (tx: Transaction, key: { kind: ReportKind, reportId: string, revision: number, rulesetVersion: string }) {
  const [row] = await tx.select().from(scoringFailures).where(and(
    eq(scoringFailures.reportKind, key.kind), eq(scoringFailures.reportId, key.reportId),
    eq(scoringFailures.revision, key.revision), eq(scoringFailures.rulesetVersion, key.rulesetVersion)
  ))
  return row ?? null
}
