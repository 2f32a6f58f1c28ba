import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { Band, Contribution } from '../../domain/index.ts'
import type { Transaction } from '../context.ts'
import { assurances, redNotices, scores } from '../schema.ts'
import { rowsOf, type ReportKind } from './sql-helpers.ts'

export interface NewScore {
  kind: ReportKind
  reportId: string
  partnerId: string
  revision: number
  rulesetVersion: string
  score: number
  band: Band
  rawTotal: number
  contributions: Contribution[]
}

const incoming = (rows: readonly NewScore[]): SQL => sql`(values ${sql.join(rows.map((r) => sql`(
  ${r.kind}::text, ${r.reportId}::uuid, ${r.partnerId}::uuid, ${r.revision}::int, ${r.rulesetVersion}::text,
  ${r.score}::smallint, ${r.band}::text, ${r.rawTotal}::real, ${JSON.stringify(r.contributions)}::jsonb)`), sql`, `)})
  as i(kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)`

export const scoreKeyOf = (r: { kind: string, reportId: string, revision: number }): string => `${r.kind}/${r.reportId}/${r.revision}`
const keyOf = scoreKeyOf

/**
 * Writes a batch of scores idempotently, and clears their recorded failures, in one statement when every
 * score is new. A score that exists already (a job run twice, two workers) is left alone when equal; when
 * reference data changed it (a country was corrected) the old row is marked superseded and the new one
 * becomes current, so history keeps both and there is still exactly one current score.
 * Returns the rows inserted: `kind/reportId/revision` → the new score's id (what changed, for the webhook outbox).
 */
export async function writeScores (tx: Transaction, rows: readonly NewScore[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map()
  const insert = async (batch: readonly NewScore[]): Promise<Map<string, string>> => {
    const inserted = rowsOf<{ id: string, report_kind: string, report_id: string, revision: number }>(await tx.execute(sql`
      with ins as (
        insert into scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions)
        select kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions from ${incoming(batch)}
        on conflict (report_kind, report_id, revision, ruleset_version) where superseded_at is null do nothing
        returning id, report_kind, report_id, revision, ruleset_version
      ), cleared as (
        delete from scoring_failures f using ins
        where f.report_kind = ins.report_kind and f.report_id = ins.report_id and f.revision = ins.revision and f.ruleset_version = ins.ruleset_version
      )
      select id, report_kind, report_id, revision from ins`))
    return new Map(inserted.map((r) => [scoreKeyOf({ kind: r.report_kind, reportId: r.report_id, revision: r.revision }), r.id]))
  }
  const first = await insert(rows)
  const existing = rows.filter((r) => !first.has(keyOf(r)))
  if (existing.length === 0) return first
  // Row locks taken here serialise concurrent rescorings of one report: the later one sees the earlier's row.
  const superseded = rowsOf<{ report_kind: string, report_id: string, revision: number }>(await tx.execute(sql`
    update scores s set superseded_at = now()
    from ${incoming(existing)}
    where s.report_kind = i.kind and s.report_id = i.report_id and s.revision = i.revision
      and s.ruleset_version = i.ruleset_version and s.superseded_at is null
      and (s.score, s.band, s.raw_total, s.contributions) is distinct from (i.score, i.band, i.raw_total, i.contributions)
    returning s.report_kind, s.report_id, s.revision`))
  const changed = new Set(superseded.map((r) => keyOf({ kind: r.report_kind, reportId: r.report_id, revision: r.revision })))
  const second = changed.size === 0 ? new Map<string, string>() : await insert(existing.filter((r) => changed.has(keyOf(r))))
  return new Map([...first, ...second])
}

const table = (kind: ReportKind) => kind === 'red_notice' ? redNotices : assurances

/** The report's current revision, or null when it does not exist or row-level security hides it. */
export async function currentRevision (tx: Transaction, kind: ReportKind, id: string): Promise<number | null> {
  const t = table(kind)
  const [row] = await tx.select({ revision: t.revision }).from(t).where(eq(t.id, id))
  return row?.revision ?? null
}

export type ScoreRow = typeof scores.$inferSelect

export async function currentScore (tx: Transaction, key: { kind: ReportKind, reportId: string, revision: number, rulesetVersion: string }): Promise<ScoreRow | null> {
  const [row] = await tx.select().from(scores).where(and(
    eq(scores.reportKind, key.kind), eq(scores.reportId, key.reportId), eq(scores.revision, key.revision),
    eq(scores.rulesetVersion, key.rulesetVersion), isNull(scores.supersededAt)
  ))
  return row ?? null
}

/**
 * Every score of a report, newest first, keyset-paginated on (scoredAt, id). The cursor is the id of the
 * last row served: comparing against the stored row keeps PostgreSQL's microseconds, which a JS Date drops.
 */
export async function scoreHistory (tx: Transaction, input: { kind: ReportKind, reportId: string, afterId?: string, limit: number }): Promise<ScoreRow[]> {
  return await tx.select().from(scores).where(and(
    eq(scores.reportKind, input.kind), eq(scores.reportId, input.reportId),
    input.afterId === undefined ? undefined : sql`(${scores.scoredAt}, ${scores.id}) < (select scored_at, id from scores where id = ${input.afterId})`
  )).orderBy(desc(scores.scoredAt), desc(scores.id)).limit(input.limit)
}
