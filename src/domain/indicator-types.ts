import type { AppliesTo, IndicatorKind, SourceRef } from './types.ts'

export interface IndicatorTier {
  points: number
  when: string
}

/**
 * One published sign of abuse (red notices) or of an unreliable assurance. The catalogue is data so
 * that `GET /v1/indicators` can show exactly what the scorer uses, with its sources and reasoning.
 */
export interface Indicator {
  /** Stable kebab-case id; stored in scores and used by the `indicator` filter. Never rename. */
  id: string
  appliesTo: AppliesTo
  kind: IndicatorKind
  title: string
  /** A quotable sentence stating the rule and its legal or empirical basis. */
  description: string
  /** Maximum points, always positive; mitigating indicators subtract it. */
  weight: number
  /** Graded indicators: the rule picks the highest tier its evidence supports (never above `weight`). */
  tiers?: IndicatorTier[]
  /** Pointers into the report body (`/...`) or reference data (`countries/{code}/...`, `linked/...`). */
  reads: string[]
  sources: SourceRef[]
  weightRationale: string
  /** Where the indicator comes from in docs/domain.md. */
  basis: string
}
