import type { Band } from './vocabulary.ts'

/** Lower bound of each band above `low` (score ≥ bound). Each ruleset states its own. */
export type BandLimits = Readonly<Record<Exclude<Band, 'low'>, number>>

/** Scores are clamped to 0..SCORE_CAP; the points before the clamp are kept as `rawTotal`. */
export const SCORE_CAP = 100

/**
 * Quarters of the scale, chosen so that:
 * - country priors alone (at most 24 for a red notice under 2026.11.1) stay `low`;
 * - one strong case-specific sign (20–35 points) makes a case `elevated`;
 * - two strong signs, or one with a bad requesting state, reach `high`, the default webhook level;
 * - `critical` (≥ 75) needs several independent signs, e.g. refugee status + vague charge + minority.
 */
export const QUARTER_BAND_LIMITS: BandLimits = Object.freeze({ elevated: 25, high: 50, critical: 75 })

export function bandFor (score: number, limits: BandLimits = QUARTER_BAND_LIMITS): Band {
  if (score >= limits.critical) return 'critical'
  if (score >= limits.high) return 'high'
  if (score >= limits.elevated) return 'elevated'
  return 'low'
}
