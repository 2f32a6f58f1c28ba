import { bandFor as bandWithin, QUARTER_BAND_LIMITS, type BandLimits } from './bands.ts'
import { isPublishable } from './evidence-words.ts'
import type { Indicator } from './indicator-types.ts'
import { NOT_SCORED } from './indicators.ts'
import type { NotScored } from './indicators.ts'
import { CURRENT_RULESET, type Ruleset } from './rulesets/index.ts'
import type { AppliesTo, Band, SourceRef } from './types.ts'

/**
 * The version the workers score with. Bump (by adding a ruleset in rulesets/) on any change to a
 * weight, tier, threshold or rule: scores are stored per (report, revision, ruleset version), and a new
 * version is what makes the reconciler rescore. Format: year.month.n.
 */
export const RULESET_VERSION: string = CURRENT_RULESET.version

/** Band limits of the current ruleset. */
export const BAND_THRESHOLDS: BandLimits = CURRENT_RULESET.bandLimits
export { QUARTER_BAND_LIMITS }

export function bandFor (score: number, limits: BandLimits = BAND_THRESHOLDS): Band {
  return bandWithin(score, limits)
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

export function catalogueOf (ruleset: Ruleset, appliesTo?: AppliesTo): readonly Indicator[] {
  if (appliesTo === 'red_notice') return ruleset.redNotice.catalogue
  if (appliesTo === 'assurance') return ruleset.assurance.catalogue
  return [...ruleset.redNotice.catalogue, ...ruleset.assurance.catalogue]
}

/** The body of `GET /v1/indicators`: every indicator of the current ruleset, in scoring order. */
export function listIndicators (appliesTo?: AppliesTo, ruleset: Ruleset = CURRENT_RULESET): PublishedIndicator[] {
  // Deep copies: callers may serialise or mutate freely without touching the ruleset. Sources not yet
  // verified, or without a link or reference, stay in the catalogue for maintainers but are not published.
  return catalogueOf(ruleset, appliesTo).map(i => structuredClone({
    ...i,
    tiers: i.tiers,
    sources: i.sources.filter(isPublishable).map(s => ({ ...s, title: s.title ?? s.citation })),
    rulesetVersion: ruleset.version
  }))
}

export function listNotScored (): NotScored[] {
  return NOT_SCORED.map(n => structuredClone(n))
}
