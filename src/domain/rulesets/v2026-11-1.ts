import { QUARTER_BAND_LIMITS } from '../bands.ts'
import type { Rule } from '../engine.ts'
import { ASSURANCE_INDICATORS, RED_NOTICE_INDICATORS } from '../indicators.ts'
import * as assurance from '../rules-assurance.ts'
import * as caseRules from '../rules-red-notice-case.ts'
import * as context from '../rules-red-notice-context.ts'
import * as subject from '../rules-red-notice-subject.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'

/** Indicator id → rule of the first published ruleset. */
export const RED_NOTICE_RULES_2026_11_1: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
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

export const ASSURANCE_RULES_2026_11_1: Readonly<Record<string, Rule<AssuranceFacts, AssuranceContext>>> = {
  'assurance-terms-undisclosed': assurance.termsUndisclosed,
  'assurance-not-specific': assurance.notSpecific,
  'assurance-giver-lacks-authority': assurance.giverLacksAuthority,
  'assurance-regional-authorities-not-bound': assurance.regionalAuthoritiesNotBound,
  'assurance-covers-unlawful-treatment': assurance.coversUnlawfulTreatment,
  'assurance-giver-outside-echr': assurance.giverOutsideEchr,
  'assurance-record-breached': assurance.recordBreached,
  'assurance-no-monitoring': assurance.noMonitoring,
  'assurance-no-lawyer-access': assurance.noLawyerAccess,
  'assurance-torture-treaty-gaps': assurance.tortureTreatyGaps,
  'assurance-systematic-torture': assurance.systematicTorture,
  'assurance-rule-of-law-deficit': assurance.ruleOfLawDeficit,
  'assurance-subject-previously-ill-treated': assurance.subjectPreviouslyIllTreated,
  'assurance-no-domestic-court-review': assurance.noDomesticCourtReview,
  'assurance-independent-monitoring': assurance.independentMonitoring,
  'assurance-record-kept': assurance.recordKept
}

/** The first published ruleset, kept unchanged so that its scores stay reproducible. */
export const RULESET_2026_11_1: Ruleset = {
  version: '2026.11.1',
  summary: 'First published ruleset.',
  bandLimits: QUARTER_BAND_LIMITS,
  redNotice: { catalogue: RED_NOTICE_INDICATORS, rules: RED_NOTICE_RULES_2026_11_1 },
  assurance: { catalogue: ASSURANCE_INDICATORS, rules: ASSURANCE_RULES_2026_11_1 }
}
