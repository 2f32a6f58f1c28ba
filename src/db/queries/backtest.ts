import { sql } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { rowsOf } from './sql-helpers.ts'

export interface BacktestRow { current: Record<string, unknown>, first: Record<string, unknown> }

/**
 * Every red notice that is neither withdrawn nor erased, with its current facts (where the outcome is
 * recorded) and its first revision's facts (what was known at first report). System context: the
 * answer is an aggregate over all partners, never the rows themselves.
 */
export async function backtestRows (tx: Transaction): Promise<BacktestRow[]> {
  return rowsOf<BacktestRow>(await tx.execute(sql`
    select n.facts as current, r.facts as first
    from red_notices n
    join lateral (select facts from red_notice_revisions where report_id = n.id order by revision limit 1) r on true
    where n.withdrawn_at is null and n.erased_at is null`))
}
