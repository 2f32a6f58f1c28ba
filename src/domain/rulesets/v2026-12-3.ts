import type { Rule } from '../engine.ts'
import { GROUP_RISK_PRINCIPLE, GROUP_TORTURE_RISK_SOURCES } from '../group-torture-risk.ts'
import type { Indicator } from '../indicator-types.ts'
import * as r from '../rules-2026-12-3.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { withAssuranceChanges2026123 } from './assurance-changes-2026-12-3.ts'
import { ASSURANCE_RULES_2026_12_2, RED_NOTICE_RULES_2026_12_2, RULESET_2026_12_2 } from './v2026-12-2.ts'
import { changed, replacing } from './derive.ts'

// Ruleset 2026.12.3 (docs/scoring-evaluation.md): a torture risk the European Court of Human Rights has
// established for a whole group weighs as the person's own risk; the Article 3 timing is counted once;
// leaving office is a political turn wherever the courts give no independent check. Weights set from
// the cited sources and the scale's existing anchors, none fitted to the evaluation corpus.

const BASE = RULESET_2026_12_2

/** (a) Saadi § 132: group membership establishes the risk. */
export const CHANGE_GROUP_RISK: Indicator = changed(BASE.redNotice.catalogue, 'torture-risk-targeted-person', old => ({
  title: 'Real risk of torture on return: a group found at risk, or a targeted person where torture is systematic or widespread',
  description: 'Where a group, as a group, has been found at real risk of torture or ill-treatment in a state (by the European Court of Human Rights: all criminal suspects held in custody, a named ethnic group, or persons charged with religiously or politically motivated or insurgency-related offences; by a UN human rights body or an OSCE Moscow Mechanism rapporteur: a named ethnic group, opponents, journalists, human rights defenders or protesters, some only after a dated political event, LGBTI persons of a named region), a person who belongs to that group faces that risk whatever the charge: membership is enough (Saadi v. Italy, § 132). Where torture is systematic or found widespread without such a group finding, a person of a targeted profile, a targeted minority or previously ill-treated faces a real risk on return (Othman: the general situation combined with the person\'s profile).',
  weight: 20,
  tiers: [
    { points: 20, when: 'the person belongs to a group the European Court of Human Rights has found at real risk of ill-treatment in the requesting state' },
    { points: 15, when: 'the person belongs to a group a UN human rights body (the Committee against Torture, the High Commissioner for Human Rights, a Special Rapporteur) or an OSCE Moscow Mechanism rapporteur has found, as a group, subjected to torture or ill-treatment in the requesting state' },
    { points: 12, when: 'torture systematic or found widespread, and the person has a targeted profile, belongs to a targeted minority or was previously ill-treated there' }
  ],
  reads: [...old.reads, '/charges/*/category', '/politicalContext/*/type', '/politicalContext/*/date', 'groups found at risk of ill-treatment in the requesting state (European Court of Human Rights, UN human rights bodies, OSCE Moscow Mechanism)'],
  sources: [...GROUP_RISK_PRINCIPLE, ...old.sources, ...GROUP_TORTURE_RISK_SOURCES],
  weightRationale: 'Since 2026.12.3, 20 where the person belongs to a group the European Court of Human Rights has found at real risk in the requesting state: that is a court\'s finding of the risk itself, which the Court treats as enough for the person (Saadi v. Italy, § 132; NA. v. the United Kingdom, § 116), and it weighs like a prior extradition refusal on torture grounds (20), whatever the charge, because Article 3 admits no exception for the gravity of the offence (Saadi, §§ 137–138). 15 where the group finding is a UN human rights body\'s or an OSCE Moscow Mechanism rapporteur\'s: the same principle applies to the same kind of fact, and the Court itself builds its assessment of a state on such reports (Saadi, §§ 131, 143; NA., §§ 119–122), weighing their independence, reliability and objectivity; but a report establishes the treatment of the group, not the adjudicated conclusion that return would breach Article 3, so it weighs above the 12 of the general situation with a profile and below a court\'s finding. 12, as before, where only the general situation and the person\'s profile point to the risk. The groups and their sources are reference data; the rule reads only the requesting state, the person\'s ethnicity and profiles, the charge categories and dated political events.'
}))

/** (b) The three Article 3 factors weigh 25 together, as 2026.12.1 intended, not 35. */
export const CHANGE_TIMING_ONCE: Indicator = changed(BASE.redNotice.catalogue, 'status-context-timing', old => ({
  weight: 15,
  tiers: [
    { points: 15, when: 'status profile, requesting state rated Partly Free or Not Free, and a charge brought within two years after a political event (the timing itself is counted by charges-follow-political-event)' },
    { points: 12, when: 'status profile and requesting state rated Partly Free or Not Free, timing unknown' }
  ],
  weightRationale: old.weightRationale + ' Since 2026.12.3 the timing tier is 15, not 25: the timing is already counted by `charges-follow-political-event` (10), so that status, context and timing together weigh 25, as strong as an expression charge, which is what 2026.12.1 stated as its rationale; before, the same timing counted twice (35).'
}))

/** (c) Leaving office is a political turn where courts give no independent check. */
const LEFT_OFFICE_NO_CHECK = ' Since 2026.12.3 leaving office also counts as a political turn, for anyone, where the requesting state is rated Not Free or torture is systematic there: the reading that a charge after leaving office is the ordinary end of an immunity (UN Convention against Corruption, Art. 30(2)) presumes prosecutors and courts independent of the government that replaced the person, which Freedom House\'s rating (questions F1 and F2) finds absent in such states, and Interpol\'s Article 3 practice weighs the charges against a former official in the light of that context.'
export const CHANGE_LEFT_OFFICE: Indicator[] = ['status-context-timing', 'charges-follow-political-event'].map(id =>
  changed(BASE.redNotice.catalogue, id, old => ({
    reads: [...old.reads, 'countries/{requestingCountry}/freedomStatus', 'countries/{requestingCountry}/systematicTorture'],
    sources: [...old.sources, S.freedomInTheWorld],
    weightRationale: old.weightRationale + LEFT_OFFICE_NO_CHECK
  })))

/** (e) A detailed security charge counts for nothing where the courts cannot test it (as 2026.12.2 (b)). */
export const CHANGE_DETAILED_SECURITY: Indicator = changed(BASE.redNotice.catalogue, 'targeted-person-repressive-state', old => ({
  description: old.description + ' Where the requesting state is rated Not Free or torture is systematic there, a terrorism, extremism or armed-group charge counts whatever its detail, because its courts cannot be relied on to test the particulars.',
  reads: [...old.reads, 'countries/{requestingCountry}/freedomStatus', 'countries/{requestingCountry}/systematicTorture'],
  sources: [...old.sources, S.freedomInTheWorld, S.othmanJudgment],
  weightRationale: old.weightRationale + ' Since 2026.12.3 a terrorism, extremism or armed-group charge with specific particulars also counts where the requesting state is rated Not Free or torture is systematic there: 2026.12.2 already gives such detail no mitigating weight in those states (a detailed file is only as good as the courts that test it; Othman, §§ 263–267), and Freedom House finds that the accusations of most transnational repression cases are of this kind. Weights unchanged.'
}))

const RED_NOTICE_CHANGES: Indicator[] = [
  CHANGE_GROUP_RISK,
  CHANGE_DETAILED_SECURITY,
  { ...CHANGE_TIMING_ONCE, ...CHANGE_LEFT_OFFICE[0], weight: CHANGE_TIMING_ONCE.weight, tiers: CHANGE_TIMING_ONCE.tiers, weightRationale: CHANGE_TIMING_ONCE.weightRationale + LEFT_OFFICE_NO_CHECK },
  CHANGE_LEFT_OFFICE[1] as Indicator
]

export const RED_NOTICE_RULES_2026_12_3: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_2,
  'torture-risk-targeted-person': r.tortureRiskEstablishedForGroup,
  'targeted-person-repressive-state': r.targetedPersonRepressiveState3,
  'status-context-timing': r.statusContextTiming3,
  'charges-follow-political-event': r.chargesFollowPoliticalEvent3
}

export const RULESET_2026_12_3: Ruleset = {
  version: '2026.12.3',
  summary: 'A torture risk the European Court of Human Rights found for a whole group counts as the person\'s own (Saadi § 132); the Article 3 timing counts once; leaving office is a political turn, and a detailed security charge a mark of transnational repression, wherever courts give no independent check. Assurances: a safeguard the report does not show is not credited, and the Othman factors combine, graded by the giving state.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, RED_NOTICE_CHANGES), rules: RED_NOTICE_RULES_2026_12_3 },
  // The assurance changes live in their own module (assurance-changes-2026-12-3.ts).
  assurance: withAssuranceChanges2026123({ catalogue: BASE.assurance.catalogue, rules: ASSURANCE_RULES_2026_12_2 })
}
