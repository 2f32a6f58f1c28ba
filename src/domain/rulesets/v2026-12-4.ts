import type { Rule } from '../engine.ts'
import { GROUP_TORTURE_RISK_SOURCES, groupTortureRiskSources } from '../group-torture-risk.ts'
import type { Indicator } from '../indicator-types.ts'
import { GENERAL_VIOLENCE_POINTS, othmanCombination4, systematicOrWidespreadTorture4, tortureNotCovered4, tortureRiskEstablishedForGroup4 } from '../rules-2026-12-4.ts'
import { TORTURE_FINDING_SOURCES, tortureFindingSources } from '../torture-findings.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { changed, replacing } from './derive.ts'
import { RED_NOTICE_RULES_2026_12_3, RULESET_2026_12_3 } from './v2026-12-3.ts'

// Ruleset 2026.12.4 (docs/scoring-evaluation.md): where the European Court of Human Rights has found
// ill-treatment in a state's places of detention to be a general situation of violence, being detained
// there establishes the risk, whatever the charge; China is read as such a state since Liu v. Poland
// (2022). Weights set from the cited judgments and the scale's anchors, none fitted to the corpus.

const BASE = RULESET_2026_12_3

/** Sources of findings of widespread torture as 2026.12.4 reads them, in place of the earlier list. */
const FINDINGS_2026_12_4 = tortureFindingSources('2026.12.4')
const withFindings4 = (sources: Indicator['sources']): Indicator['sources'] =>
  [...sources.filter(s => !TORTURE_FINDING_SOURCES.includes(s)), ...FINDINGS_2026_12_4]
const NEW_FINDINGS = ' Since 2026.12.4 it also reads the findings of widespread torture added to the reference data with that ruleset (UN Committee against Torture, UN fact-finding bodies, European Court of Human Rights), each with its source.'

/** (a) A general situation of violence in detention, found by the European Court of Human Rights. */
export const CHANGE_GENERAL_VIOLENCE: Indicator = changed(BASE.redNotice.catalogue, 'torture-risk-targeted-person', old => ({
  description: old.description + ' Where the Court has found torture and ill-treatment in the state\'s places of detention so widespread that they amount to a general situation of violence (Turkmenistan, China), being detained there is enough: the person need show no personal ground of fear, whatever the charge, and a state party to the Convention may not extradite them.',
  weight: GENERAL_VIOLENCE_POINTS,
  tiers: [
    { points: GENERAL_VIOLENCE_POINTS, when: 'the European Court of Human Rights has found ill-treatment in the requesting state\'s places of detention to amount to a general situation of violence, so that anyone detained there is at real risk, and the person is in a state party to the Convention (elsewhere the finding binds no court and this tier does not apply)' },
    ...(old.tiers ?? [])
  ],
  reads: [...old.reads, '/subject/currentCountry', '/events/*/country', 'countries/{state the person is in}/echrParty', 'states whose places of detention the European Court of Human Rights found to be a general situation of violence'],
  sources: withFindings4([
    ...old.sources.filter(s => !GROUP_TORTURE_RISK_SOURCES.includes(s)),
    ...groupTortureRiskSources('2026.12.4')
  ]),
  weightRationale: old.weightRationale + ` Since 2026.12.4, ${GENERAL_VIOLENCE_POINTS} where the Court has found the places of detention of the requesting state to be a general situation of violence (Liu v. Poland, 2022, for China; Soldatenko v. Ukraine, 2008, for Turkmenistan): the Court then holds that extraditing anyone who will be detained there would itself breach Article 3, which is the conclusion an extradition court of a state party to the Convention must reach, not only evidence towards it; so where the person is in such a state (their current country, or where they were arrested, held or asked for) it weighs above a narrower group's finding (20), which still leaves the person's membership to be shown, and with a Not Free requesting state's record it brings a case to high on its own, as the scale's anchors put one decisive sign with a bad requesting state. Where the person is in no such state, the judgment binds no court deciding on the return, and the reports it rests on are already read as the state's torture record (systematic-torture), so the tier does not apply and the 2026.12.3 tiers do (for Turkmenistan, 20 under 2026.12.3 becomes the 12 of the general situation with a profile, or nothing). Nothing else changes.`
}))

const LIU = groupTortureRiskSources('2026.12.4').find(s => s.reference?.includes('37610/18') === true)

/** (b) An assurance from a state outside the Convention against Torture, rated Partly Free or Not Free. */
export const CHANGE_NO_TREATY: Indicator = changed(BASE.assurance.catalogue, 'assurance-othman-combination', old => ({
  description: old.description + ' A giving state that is not a party to the UN Convention against Torture and is rated Partly Free or Not Free has accepted no treaty obligation against torture and no international review (Othman, § 189, factor ix), so it is graded as a state with a record of torture.',
  tiers: (old.tiers ?? []).map(t => t.points === 30 || t.points === 20 ? { ...t, when: t.when.replace('torture systematic or found widespread', 'torture systematic or found widespread, or the giving state not a party to the Convention against Torture and rated Partly Free or Not Free') } : t),
  reads: [...old.reads, 'countries/{givingState}/catParty', 'countries/{givingState}/freedomStatus'],
  sources: withFindings4([...old.sources, S.othmanJudgment, ...(LIU === undefined ? [] : [LIU])]),
  weightRationale: old.weightRationale + ' Since 2026.12.4 a giving state that is not a party to the UN Convention against Torture and is rated Partly Free or Not Free takes the tiers of a state with a record of torture (30 with both defects, 20 with one): Othman (§ 189, factor ix) weighs whether the state has an effective system of protection against torture and cooperates with international monitoring, and such a state has accepted neither the treaty\'s obligation nor the Committee\'s review, nor has it Free institutions to hold it to its word; the Court weighed the same absence of treaty obligations and monitoring for China in Liu v. Poland (2022). A state rated Free is not affected (its courts and press are the check), and specific terms with independent monitoring still switch the indicator off.'
}))

/** (c) The assurance indicators that read findings of widespread torture read the 2026.12.4 reference data. */
const ASSURANCE_FINDINGS_CHANGES: Indicator[] = ['assurance-systematic-torture', 'assurance-torture-not-covered'].map(id =>
  changed(BASE.assurance.catalogue, id, old => ({ sources: withFindings4(old.sources), weightRationale: old.weightRationale + NEW_FINDINGS })))

export const RED_NOTICE_RULES_2026_12_4: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_3,
  'torture-risk-targeted-person': tortureRiskEstablishedForGroup4
}

export const RULESET_2026_12_4: Ruleset = {
  version: '2026.12.4',
  summary: 'Where the European Court of Human Rights found ill-treatment in a state\'s places of detention to be a general situation of violence (China since Liu v. Poland, Turkmenistan), being detained there establishes the risk of torture whatever the charge, and weighs 30 for a person in a state party to the Convention. Assurances: a giving state outside the Convention against Torture and rated Partly Free or Not Free is graded like one with a record of torture.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, [CHANGE_GENERAL_VIOLENCE]), rules: RED_NOTICE_RULES_2026_12_4 },
  assurance: {
    catalogue: replacing(BASE.assurance.catalogue, [CHANGE_NO_TREATY, ...ASSURANCE_FINDINGS_CHANGES]),
    rules: {
      ...BASE.assurance.rules,
      'assurance-othman-combination': othmanCombination4,
      'assurance-systematic-torture': systematicOrWidespreadTorture4,
      'assurance-torture-not-covered': tortureNotCovered4
    }
  }
}
