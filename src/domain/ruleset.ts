import type { Indicator } from './indicator-types.ts'
import { ASSURANCE_INDICATORS, INDICATORS, NOT_SCORED, RED_NOTICE_INDICATORS } from './indicators.ts'
import type { NotScored } from './indicators.ts'
import type { AppliesTo, Band, SourceRef } from './types.ts'

/**
 * Bump on any change to a weight, tier, threshold or rule: scores are stored per (report, revision,
 * ruleset version), and a new version is what makes the reconciler rescore. Format: year.month.n.
 */
export const RULESET_VERSION = '2026.11.1'

/**
 * Lower bounds of each band (score ≥ bound). Quarters of the scale, chosen so that:
 * - country priors alone (at most 24 for a red notice) stay `low`;
 * - one strong case-specific sign (20–35 points) makes a case `elevated`;
 * - two strong signs, or one with a bad requesting state, reach `high`, the default webhook level;
 * - `critical` (≥ 75) needs several independent signs, e.g. refugee status + vague charge + minority.
 */
export const BAND_THRESHOLDS = { elevated: 25, high: 50, critical: 75 } as const satisfies Record<Exclude<Band, 'low'>, number>

export function bandFor (score: number): Band {
  if (score >= BAND_THRESHOLDS.critical) return 'critical'
  if (score >= BAND_THRESHOLDS.high) return 'high'
  if (score >= BAND_THRESHOLDS.elevated) return 'elevated'
  return 'low'
}

export interface PublishedIndicator {
  id: string
  appliesTo: AppliesTo
  kind: Indicator['kind']
  title: string
  description: string
  weight: number
  tiers: Indicator['tiers'] | undefined
  reads: string[]
  sources: SourceRef[]
  weightRationale: string
  basis: string
  rulesetVersion: string
}

/** The body of `GET /v1/indicators`: every indicator of the current ruleset, in scoring order. */
export function listIndicators (appliesTo?: AppliesTo): PublishedIndicator[] {
  const list = appliesTo === 'red_notice'
    ? RED_NOTICE_INDICATORS
    : appliesTo === 'assurance' ? ASSURANCE_INDICATORS : INDICATORS
  // Deep copies: callers may serialise or mutate freely without touching the ruleset.
  return list.map(i => structuredClone({ ...i, tiers: i.tiers, rulesetVersion: RULESET_VERSION }))
}

export function listNotScored (): NotScored[] {
  return NOT_SCORED.map(n => structuredClone(n))
}
