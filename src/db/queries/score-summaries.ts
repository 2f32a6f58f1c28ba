import { and, eq, inArray, isNull } from 'drizzle-orm'
import { RULESET_VERSION } from '../../domain/index.ts'
import type { Transaction } from '../context.ts'
import { scores, scoringFailures } from '../schema.ts'

export interface ScoreSummary { score: number, band: 'low' | 'elevated' | 'high' | 'critical' }

/** The current (not superseded) score of each report's given revision under the current ruleset, where one exists. */
export async function currentScores (tx: Transaction, kind: 'red_notice' | 'assurance', items: ReadonlyArray<{ id: string, revision: number }>): Promise<Map<string, ScoreSummary>> {
  const out = new Map<string, ScoreSummary>()
  if (items.length === 0) return out
  const wanted = new Map(items.map((item) => [item.id, item.revision]))
  const rows = await tx.select({ reportId: scores.reportId, revision: scores.revision, score: scores.score, band: scores.band }).from(scores)
    .where(and(eq(scores.reportKind, kind), eq(scores.rulesetVersion, RULESET_VERSION), isNull(scores.supersededAt), inArray(scores.reportId, [...wanted.keys()])))
  for (const row of rows) if (wanted.get(row.reportId) === row.revision) out.set(row.reportId, { score: row.score, band: row.band })
  return out
}

/** Reports whose given revision failed scoring with no retry coming: their status is `failed`, not `pending`. */
export async function finalFailures (tx: Transaction, kind: 'red_notice' | 'assurance', items: ReadonlyArray<{ id: string, revision: number }>): Promise<Set<string>> {
  const out = new Set<string>()
  if (items.length === 0) return out
  const wanted = new Map(items.map((item) => [item.id, item.revision]))
  const rows = await tx.select({ reportId: scoringFailures.reportId, revision: scoringFailures.revision }).from(scoringFailures)
    .where(and(eq(scoringFailures.reportKind, kind), eq(scoringFailures.rulesetVersion, RULESET_VERSION), eq(scoringFailures.final, true), inArray(scoringFailures.reportId, [...wanted.keys()])))
  for (const row of rows) if (wanted.get(row.reportId) === row.revision) out.add(row.reportId)
  return out
}

export type ScoreStatus = 'pending' | 'scored' | 'failed'

export function scoreStatusOf (score: ScoreSummary | undefined, failed: boolean): ScoreStatus {
  return score !== undefined ? 'scored' : failed ? 'failed' : 'pending'
}
