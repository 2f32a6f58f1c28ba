import { BANDS, type Band } from './vocabulary.ts'
import type { Contribution } from './types.ts'

// How well a ruleset separates labelled cases. Pure, so the corpus evaluator (eval/evaluate.ts) and the
// backtesting endpoint (GET /v1/rulesets/{version}/evaluation) compute the very same figures.

export type RedNoticeLabel = 'abuse' | 'legitimate'
export type AssuranceLabel = 'unreliable' | 'reliable'

export interface ScoredCase {
  id: string
  kind: 'red_notice' | 'assurance'
  label: RedNoticeLabel | AssuranceLabel
  score: number
  band: Band
  contributions: Contribution[]
}

/** The side of the scale that should carry a case: abuse and unreliable assurances belong at `high` or above. */
export function positiveLabel (label: ScoredCase['label']): boolean {
  return label === 'abuse' || label === 'unreliable'
}

export function flagged (band: Band): boolean {
  return band === 'high' || band === 'critical'
}

/**
 * A case is on the right side when a positive case (abuse, unreliable assurance) reaches `high` or
 * `critical` and a negative case (legitimate, reliable assurance) stays `low` or `elevated`.
 */
export function onRightSide (c: Pick<ScoredCase, 'label' | 'band'>): boolean {
  return positiveLabel(c.label) === flagged(c.band)
}

/**
 * ROC AUC as the Mann–Whitney probability that a random positive case scores above a random negative
 * one, ties counting one half. `null` when either class is empty (the AUC is undefined then).
 */
export function rocAuc (cases: ReadonlyArray<{ score: number, positive: boolean }>): number | null {
  const pos = cases.filter(c => c.positive).map(c => c.score)
  const neg = cases.filter(c => !c.positive).map(c => c.score)
  if (pos.length === 0 || neg.length === 0) return null
  let wins = 0
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0
  return wins / (pos.length * neg.length)
}

export interface Share { count: number, of: number, share: number | null }

function share (count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : count / of }
}

export type ConfusionTable = Record<string, Record<Band, number>>

export interface EvaluationMetrics {
  redNotices: {
    cases: number
    auc: number | null
    abuseFlagged: Share
    legitimateFlagged: Share
    /** Legitimate cases at high/critical, by id. */
    legitimateFlaggedIds: string[]
  }
  assurances: {
    cases: number
    auc: number | null
    /** Unreliable at high/critical and reliable at low/elevated, over all assurances. */
    accuracy: Share
  }
  /** label → band → count. */
  confusion: ConfusionTable
  misclassified: Array<{ id: string, kind: ScoredCase['kind'], label: ScoredCase['label'], score: number, band: Band, top: Contribution[] }>
}

/** The largest contributions by magnitude (mitigating ones included), at most `n`. */
export function topContributions (contributions: readonly Contribution[], n = 3): Contribution[] {
  return [...contributions].sort((a, b) => Math.abs(b.points) - Math.abs(a.points)).slice(0, n)
}

export function evaluate (cases: readonly ScoredCase[]): EvaluationMetrics {
  const rn = cases.filter(c => c.kind === 'red_notice')
  const as = cases.filter(c => c.kind === 'assurance')
  const abuse = rn.filter(c => c.label === 'abuse')
  const legit = rn.filter(c => c.label === 'legitimate')
  const legitFlagged = legit.filter(c => flagged(c.band))
  const confusion: ConfusionTable = {}
  for (const c of cases) {
    const row = confusion[c.label] ?? (confusion[c.label] = Object.fromEntries(BANDS.map(b => [b, 0])) as Record<Band, number>)
    row[c.band]++
  }
  return {
    redNotices: {
      cases: rn.length,
      auc: rocAuc(rn.map(c => ({ score: c.score, positive: positiveLabel(c.label) }))),
      abuseFlagged: share(abuse.filter(c => flagged(c.band)).length, abuse.length),
      legitimateFlagged: share(legitFlagged.length, legit.length),
      legitimateFlaggedIds: legitFlagged.map(c => c.id)
    },
    assurances: {
      cases: as.length,
      auc: rocAuc(as.map(c => ({ score: c.score, positive: positiveLabel(c.label) }))),
      accuracy: share(as.filter(onRightSide).length, as.length)
    },
    confusion,
    misclassified: cases.filter(c => !onRightSide(c)).map(c => ({
      id: c.id, kind: c.kind, label: c.label, score: c.score, band: c.band, top: topContributions(c.contributions)
    }))
  }
}
