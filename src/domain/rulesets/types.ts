import type { BandLimits } from '../bands.ts'
import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from '../types.ts'

export interface RuleBook<F, C> {
  /** Scoring order is catalogue order. */
  catalogue: readonly Indicator[]
  /** Indicator id → rule; exactly the catalogue's ids. */
  rules: Readonly<Record<string, Rule<F, C>>>
}

/**
 * A ruleset is a value: a version, its band limits and, per kind of report, its catalogue and rules.
 * Several coexist so that a candidate can be evaluated beside the current one and old scores stay
 * explainable under the version that produced them.
 */
export interface Ruleset {
  /** year.month.n; scores are stored per (report, revision, version). */
  version: string
  /** One line on what changed from the previous version. */
  summary: string
  bandLimits: BandLimits
  redNotice: RuleBook<RedNoticeFacts, ScoringContext>
  assurance: RuleBook<AssuranceFacts, AssuranceContext>
}
