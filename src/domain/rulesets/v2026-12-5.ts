import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import { othmanCombination5, systematicOrWidespreadTorture5, targetedPersonRepressiveState5, tortureNotCovered5, tortureRiskEstablishedForGroup5 } from '../rules-2026-12-5.ts'
import { tortureFindingSources } from '../torture-findings.ts'
import { transnationalRepressionStateSources } from '../transnational-repression.ts'
import { documentedTargetsSources } from '../transnational-repression-targets.ts'
import type { RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { changed, replacing } from './derive.ts'
import { RED_NOTICE_RULES_2026_12_4, RULESET_2026_12_4 } from './v2026-12-4.ts'

// Ruleset 2026.12.5 (docs/scoring-evaluation.md): no weight changes. The rules read more sourced reference
// data: findings of widespread torture in more states; findings about a period that has ended (a fallen
// regime), read for facts dated within that period; and more states named as origins of transnational
// repression. Nothing is fitted to the corpus.

const V = '2026.12.5'
const BASE = RULESET_2026_12_4

const FINDINGS_4 = tortureFindingSources('2026.12.4')
const FINDINGS_5 = tortureFindingSources(V)
const withFindings5 = (sources: Indicator['sources']): Indicator['sources'] =>
  [...sources.filter(s => !FINDINGS_4.includes(s)), ...FINDINGS_5]

const DATED = ' Since 2026.12.5 it also reads the findings added with that ruleset, among them findings about a period that has since ended (a regime that has fallen): such a finding is read only when the report dates the facts within that period (for a red notice the issue, the charges or the case\'s events; for an assurance the day it was given), since it describes the situation then, not now.'

const RN_FINDINGS: Indicator = changed(BASE.redNotice.catalogue, 'torture-risk-targeted-person', old => ({
  reads: [...old.reads, '/issuedOn', '/charges/*/chargedOn', '/events/*/date'],
  sources: withFindings5(old.sources),
  weightRationale: old.weightRationale + DATED
}))
const AS_FINDINGS: Indicator[] = ['assurance-othman-combination', 'assurance-systematic-torture', 'assurance-torture-not-covered'].map(id =>
  changed(BASE.assurance.catalogue, id, old => ({
    reads: [...old.reads, '/givenOn'],
    sources: withFindings5(old.sources),
    weightRationale: old.weightRationale + DATED
  })))

const TNR_CHANGE: Indicator = changed(BASE.redNotice.catalogue, 'targeted-person-repressive-state', old => ({
  reads: [...old.reads, '/subject/currentCountry', '/subject/nationalities', 'whom Freedom House\'s case study of the requesting state finds targeted abroad'],
  sources: [...old.sources, ...transnationalRepressionStateSources(V), ...documentedTargetsSources(V)],
  weightRationale: old.weightRationale + ' Since 2026.12.5 it also reads the states added to the record with that ruleset, each with the page that names it as an origin state of direct, physical transnational repression; they take the lower tier (12) unless the source names them among the most prolific perpetrators. Where Freedom House\'s case study of a state names whom it pursues abroad beyond critics and minorities (former insiders for Saudi Arabia; essentially all nationals abroad for Rwanda), a person of that description living abroad counts as a targeted person for this indicator, at the state\'s tier: the record is then about the person\'s own class, not only about the state.'
}))

export const RED_NOTICE_RULES_2026_12_5: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_4,
  'torture-risk-targeted-person': tortureRiskEstablishedForGroup5,
  'targeted-person-repressive-state': targetedPersonRepressiveState5
}

export const RULESET_2026_12_5: Ruleset = {
  version: V,
  summary: 'No weight changes: the rules read more sourced reference data — findings of widespread torture in more states, findings about a period that has ended (read for facts dated within it, such as an assurance given under a fallen regime), and more states named as origins of transnational repression.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, [RN_FINDINGS, TNR_CHANGE]), rules: RED_NOTICE_RULES_2026_12_5 },
  assurance: {
    catalogue: replacing(BASE.assurance.catalogue, AS_FINDINGS),
    rules: {
      ...BASE.assurance.rules,
      'assurance-othman-combination': othmanCombination5,
      'assurance-systematic-torture': systematicOrWidespreadTorture5,
      'assurance-torture-not-covered': tortureNotCovered5
    }
  }
}
