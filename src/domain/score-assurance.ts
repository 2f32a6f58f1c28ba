import { runRules } from './engine.ts'
import type { Rule } from './engine.ts'
import { ASSURANCE_INDICATORS } from './indicators.ts'
import * as r from './rules-assurance.ts'
import type { AssuranceContext, AssuranceFacts, ScoreResult } from './types.ts'

/** Indicator id → rule. A test checks that this map and the catalogue name exactly the same ids. */
export const ASSURANCE_RULES: Readonly<Record<string, Rule<AssuranceFacts, AssuranceContext>>> = {
  'assurance-terms-undisclosed': r.termsUndisclosed,
  'assurance-not-specific': r.notSpecific,
  'assurance-giver-lacks-authority': r.giverLacksAuthority,
  'assurance-regional-authorities-not-bound': r.regionalAuthoritiesNotBound,
  'assurance-covers-unlawful-treatment': r.coversUnlawfulTreatment,
  'assurance-giver-outside-echr': r.giverOutsideEchr,
  'assurance-record-breached': r.recordBreached,
  'assurance-no-monitoring': r.noMonitoring,
  'assurance-no-lawyer-access': r.noLawyerAccess,
  'assurance-torture-treaty-gaps': r.tortureTreatyGaps,
  'assurance-systematic-torture': r.systematicTorture,
  'assurance-rule-of-law-deficit': r.ruleOfLawDeficit,
  'assurance-subject-previously-ill-treated': r.subjectPreviouslyIllTreated,
  'assurance-no-domestic-court-review': r.noDomesticCourtReview,
  'assurance-independent-monitoring': r.independentMonitoring,
  'assurance-record-kept': r.recordKept
}

/**
 * How little a diplomatic assurance against torture can be relied on, following the Othman factors.
 * `ctx.givingState` is the reference data of the state that gave the promise (where the person would go).
 */
export function scoreAssurance (facts: AssuranceFacts, ctx: AssuranceContext): ScoreResult {
  return runRules(ASSURANCE_INDICATORS, ASSURANCE_RULES, facts, ctx)
}
