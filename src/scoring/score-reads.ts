import { currentRevision, currentScore, scoreHistory, type ScoreRow } from '../db/queries/scores.ts'
import { findFailure } from '../db/queries/scoring-failures.ts'
import type { ReportKind } from '../db/queries/sql-helpers.ts'
import type { Transaction } from '../db/context.ts'
import { CURRENT_RULESET, RULESET_VERSION, renderContributions, rulesetByVersion, SCORE_CAP } from '../domain/index.ts'
import type { Score, ScoreHistoryItem, ScorePending } from '../schemas/scores.ts'

export type ScoreStatus =
  | { state: 'missing' }
  | { state: 'scored', score: Score }
  | { state: 'waiting', body: ScorePending, retryAfterSeconds: number }

/**
 * A stored score as the API shows it. Contributions are stored compact (their fact, not their explanation):
 * the explanation is rendered here from the ruleset that produced the score, the same text the rules gave.
 */
export function toScore (row: ScoreRow): Score {
  return {
    score: row.score,
    band: row.band,
    rulesetVersion: row.rulesetVersion,
    revision: row.revision,
    scoredAt: row.scoredAt.toISOString(),
    scale: scaleOf(row),
    contributions: renderContributions(row.reportKind, row.rulesetVersion, row.contributions)
  }
}

const DIRECTIONS = {
  red_notice: 'Higher means stronger signs that the request targets the person for political, military, religious or racial reasons.',
  assurance: 'Higher means the assurance can be relied on less (Othman factors): high or critical means it should be given little or no weight.'
} as const

/** The reading of a stored score under the ruleset that produced it (the current limits for unknown versions). */
function scaleOf (row: ScoreRow): NonNullable<Score['scale']> {
  const ruleset = rulesetByVersion(row.rulesetVersion) ?? CURRENT_RULESET
  return {
    direction: DIRECTIONS[row.reportKind],
    bandLimits: { ...ruleset.bandLimits },
    pointsBeforeCap: Number(row.rawTotal),
    cap: SCORE_CAP
  }
}

const FAILURE_DETAILS: Record<string, string> = {
  rules_error: 'The scoring rules could not score this revision; it is scored again when the ruleset changes.',
  transient_error: 'Scoring failed on a temporary error; the reconciler retries it.'
}

/**
 * What `/score` answers for a report the caller can see (row-level security hides other partners'
 * reports, so a foreign id is `missing` exactly like an unknown one).
 */
export async function readScoreStatus (tx: Transaction, kind: ReportKind, reportId: string): Promise<ScoreStatus> {
  const revision = await currentRevision(tx, kind, reportId)
  if (revision === null) return { state: 'missing' }
  const row = await currentScore(tx, { kind, reportId, revision, rulesetVersion: RULESET_VERSION })
  if (row !== null) return { state: 'scored', score: toScore(row) }
  const failure = await findFailure(tx, { kind, reportId, revision, rulesetVersion: RULESET_VERSION })
  if (failure === null) return { state: 'waiting', body: { status: 'pending', revision }, retryAfterSeconds: 2 }
  if (!failure.final) {
    return { state: 'waiting', body: { status: 'pending', revision, detail: `Attempt ${failure.attempts} failed; scoring is retried automatically.` }, retryAfterSeconds: 10 }
  }
  return { state: 'waiting', body: { status: 'failed', revision, detail: FAILURE_DETAILS[failure.reason] ?? 'Scoring failed.' }, retryAfterSeconds: 60 }
}

/** One page of a report's score history, each entry with what changed since the one before it. */
export async function readScoreHistory (tx: Transaction, input: { kind: ReportKind, reportId: string, afterId?: string, limit: number }): Promise<{ items: ScoreHistoryItem[], lastId: string | null, more: boolean } | null> {
  const revision = await currentRevision(tx, input.kind, input.reportId)
  if (revision === null) return null
  // One row beyond the page: the last entry's "previous" score, and whether another page exists.
  const rows = await scoreHistory(tx, { ...input, limit: input.limit + 1 })
  const page = rows.slice(0, input.limit)
  const items = page.map((row, i): ScoreHistoryItem => ({
    ...toScore(row),
    current: row.revision === revision && row.rulesetVersion === RULESET_VERSION && row.supersededAt === null,
    supersededAt: row.supersededAt?.toISOString() ?? null,
    changes: diffScores(row, rows[i + 1])
  }))
  return { items, lastId: page[page.length - 1]?.id ?? null, more: rows.length > input.limit }
}

export function diffScores (now: ScoreRow, before: ScoreRow | undefined): ScoreHistoryItem['changes'] {
  if (before === undefined) return null
  // Points by indicator: both stored forms (compact, or with the explanation before 0029) carry them.
  const points = (row: ScoreRow) => new Map((row.contributions as Array<{ indicatorId: string, points: number }>).map((c) => [c.indicatorId, c.points]))
  const a = points(before)
  const b = points(now)
  return {
    fromRevision: before.revision,
    fromRulesetVersion: before.rulesetVersion,
    fromBand: before.band,
    scoreDelta: now.score - before.score,
    pointsDelta: Math.round((now.rawTotal - before.rawTotal) * 100) / 100,
    indicatorsAdded: [...b.keys()].filter((id) => !a.has(id)),
    indicatorsRemoved: [...a.keys()].filter((id) => !b.has(id)),
    indicatorsChanged: [...b].filter(([id, p]) => a.has(id) && a.get(id) !== p).map(([indicatorId, p]) => ({ indicatorId, pointsDelta: p - (a.get(indicatorId) ?? 0) }))
  }
}
