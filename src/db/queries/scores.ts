import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Band, StoredContribution } from '../../domain/index.ts'
import type { Database } from '../client.ts'
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
  /** Compact: each contribution's fact, not its explanation (derived on read, src/domain/render.ts). */
  contributions: StoredContribution[]
}

export const scoreKeyOf = (r: { kind: string, reportId: string, revision: number }): string => `${r.kind}/${r.reportId}/${r.revision}`

export interface ScoresWritten {
  /** The rows inserted: `kind/reportId/revision` → the new score's id (a score equal to the stored one inserts nothing). */
  written: Map<string, string>
  /** The webhook outbox rows recorded for the bands these scores raised, to hand to the queue after commit. */
  deliveries: string[]
}

/**
 * Writes a batch of scores idempotently, clears their recorded failures and records the score.band_raised
 * outbox rows of the bands they raise, in one statement (`write_scores`, migration 0016): on `db` it is its
 * own transaction, so an event exists exactly when its score committed; on a transaction it joins it. A
 * score that exists already (a job run twice, two workers) is left alone when equal; when reference data
 * changed it (a country was corrected) the old row is marked superseded and the new one becomes current,
 * so history keeps both and there is still exactly one current score.
 */
export async function writeScores (db: Database | Transaction, rows: readonly NewScore[], timestamp = new Date()): Promise<ScoresWritten> {
  if (rows.length === 0) return { written: new Map(), deliveries: [] }
  const param = JSON.stringify(rows.map((r) => ({
    kind: r.kind,
    report_id: r.reportId,
    partner_id: r.partnerId,
    revision: r.revision,
    ruleset_version: r.rulesetVersion,
    score: r.score,
    band: r.band,
    raw_total: r.rawTotal,
    contributions: r.contributions
  })))
  const [first] = rowsOf<{ result: unknown }>(await db.execute(sql`select write_scores(${param}::jsonb, ${timestamp.toISOString()}) as result`))
  // node-postgres parses jsonb; keep working should a driver hand it back as text.
  const result = (typeof first?.result === 'string' ? JSON.parse(first.result) : first?.result) as {
    written: Array<{ id: string, kind: string, report_id: string, revision: number }>
    deliveries: string[]
  } | undefined
  if (result === undefined) throw new Error('write_scores returned nothing')
  return {
    written: new Map(result.written.map((r) => [scoreKeyOf({ kind: r.kind, reportId: r.report_id, revision: r.revision }), r.id])),
    deliveries: result.deliveries
  }
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
