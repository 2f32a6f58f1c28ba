// Public surface of the scoring domain. Routes, workers and scripts import from here; nothing in this
// folder imports Fastify, drizzle, BullMQ, a logger or the clock.
export * from './types.ts'
export type { Indicator, IndicatorTier, NotScored } from './indicators.ts'
export { INDICATORS, RED_NOTICE_INDICATORS, ASSURANCE_INDICATORS, NOT_SCORED, indicatorById } from './indicators.ts'
export { RULESET_VERSION, BAND_THRESHOLDS, bandFor, listIndicators, listNotScored } from './ruleset.ts'
export type { PublishedIndicator } from './ruleset.ts'
export { scoreRedNotice, RED_NOTICE_RULES } from './score-red-notice.ts'
export { scoreAssurance, ASSURANCE_RULES } from './score-assurance.ts'
export { summariseLinkedReports, NO_LINKED_REPORTS } from './linked.ts'
export { COUNTRY_REFERENCE, defaultCountryContext } from './country-reference.ts'
export { clampScore } from './engine.ts'
export type { Rule, RuleHit } from './engine.ts'
