// Public surface of the scoring domain. Routes, workers and scripts import from here; nothing in this
// folder imports Fastify, drizzle, BullMQ, a logger or the clock.
export * from './types.ts'
export type { Indicator, IndicatorTier, NotScored } from './indicators.ts'
export { NOT_SCORED } from './indicators.ts'
export { RULESET_VERSION, BAND_THRESHOLDS, bandFor, catalogueOf, listIndicators, listNotScored } from './ruleset.ts'
export type { PublishedIndicator } from './ruleset.ts'
export { SCORE_CAP } from './bands.ts'
export type { BandLimits } from './bands.ts'
export { RULESETS, CURRENT_RULESET, rulesetByVersion } from './rulesets/index.ts'
export type { Ruleset, RuleBook } from './rulesets/index.ts'
export { scoreRedNotice, scoreRedNoticeCompact } from './score-red-notice.ts'
export { scoreAssurance, scoreAssuranceCompact } from './score-assurance.ts'
export { renderContribution, renderContributions } from './render.ts'
export {
  CURRENT_RED_NOTICE_INDICATORS as RED_NOTICE_INDICATORS, CURRENT_ASSURANCE_INDICATORS as ASSURANCE_INDICATORS,
  CURRENT_INDICATORS as INDICATORS, CURRENT_RED_NOTICE_RULES as RED_NOTICE_RULES, CURRENT_ASSURANCE_RULES as ASSURANCE_RULES,
  indicatorById
} from './current.ts'
export { summariseLinkedReports, NO_LINKED_REPORTS } from './linked.ts'
export { COUNTRY_REFERENCE, defaultCountryContext } from './country-reference.ts'
export { clampScore } from './engine.ts'
export type { Rule, RuleHit } from './engine.ts'
