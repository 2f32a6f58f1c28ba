import { and, eq, inArray } from 'drizzle-orm'
import { RULESET_VERSION } from '../../domain/index.ts'
import type { Transaction } from '../context.ts'
import { scores } from '../schema.ts'

export interface ScoreSummary { score: number, band: 'low' | 'elevated' | 'high' | 'critical' }

/** The score of each report's given revision under the current ruleset, where one exists. */
export async function currentScores (tx: Transaction, kind: 'red_notice' | 'assurance', items: ReadonlyArray<{ id: string, revision: number }>): Promise<Map<string, ScoreSummary>> {
  const out = new Map<string, ScoreSummary>()
  if (items.length === 0) return out
  const wanted = new Map(items.map((item) => [item.id, item.revision]))
  const rows = await tx.select({ reportId: scores.reportId, revision: scores.revision, score: scores.score, band: scores.band }).from(scores)
    .where(and(eq(scores.reportKind, kind), eq(scores.rulesetVersion, RULESET_VERSION), inArray(scores.reportId, [...wanted.keys()])))
  for (const row of rows) if (wanted.get(row.reportId) === row.revision) out.set(row.reportId, { score: row.score, band: row.band })
  return out
}
