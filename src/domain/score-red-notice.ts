import { runRules } from './engine.ts'
import type { Rule } from './engine.ts'
import { RED_NOTICE_INDICATORS } from './indicators.ts'
import * as caseRules from './rules-red-notice-case.ts'
import * as context from './rules-red-notice-context.ts'
import * as subject from './rules-red-notice-subject.ts'
import type { RedNoticeFacts, ScoreResult, ScoringContext } from './types.ts'

/** Indicator id → rule. A test checks that this map and the catalogue name exactly the same ids. */
export const RED_NOTICE_RULES: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  'refugee-or-asylum-seeker': subject.refugeeOrAsylumSeeker,
  'protection-by-another-state': subject.protectionByAnotherState,
  'targeted-profile': subject.targetedProfile,
  'vague-security-charge': caseRules.vagueSecurityCharge,
  'expression-charge': caseRules.expressionCharge,
  'military-offence': caseRules.militaryOffence,
  'economic-charge-with-profile': caseRules.economicChargeWithProfile,
  'private-or-administrative-matter': caseRules.privateOrAdministrativeMatter,
  'request-after-departure': subject.requestAfterDeparture,
  'request-after-asylum-claim': subject.requestAfterAsylumClaim,
  'prior-notice-deletion': caseRules.priorNoticeDeletion,
  'refiled-after-deletion': caseRules.refiledAfterDeletion,
  'prior-extradition-refusal': caseRules.priorExtraditionRefusal,
  'interim-measures': caseRules.interimMeasures,
  'relatives-targeted': subject.relativesTargeted,
  'ethnic-or-religious-minority': subject.ethnicOrReligiousMinority,
  'conviction-in-absentia': caseRules.convictionInAbsentia,
  'changing-charges': caseRules.changingCharges,
  'insufficient-description': caseRules.insufficientDescription,
  'prior-ill-treatment': subject.priorIllTreatment,
  'mechanism-without-interpol-review': context.mechanismWithoutInterpolReview,
  'requesting-ncb-abuse-record': context.requestingNcbAbuseRecord,
  'interpol-restrictions': context.interpolRestrictions,
  'rule-of-law-deficit': context.ruleOfLawDeficit,
  'outside-echr': context.outsideEchr,
  'torture-treaty-gaps': context.tortureTreatyGaps,
  'systematic-torture': context.systematicTorture,
  'specific-violent-crime-accountable-state': context.specificViolentCrimeAccountableState
}

/**
 * Strength of the signs that a request (red notice, diffusion, wanted list, extradition request,
 * deportation or entry refusal) targets the person for political, military, religious or racial reasons.
 * Pure and deterministic: no clock, no I/O; all timing comes from dates inside `facts`.
 */
export function scoreRedNotice (facts: RedNoticeFacts, ctx: ScoringContext): ScoreResult {
  return runRules(RED_NOTICE_INDICATORS, RED_NOTICE_RULES, facts, ctx)
}
