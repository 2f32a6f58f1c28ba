import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import * as r from '../rules-2026-12-2.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { SourceRef } from '../types.ts'
import { TORTURE_FINDING_SOURCES } from '../torture-findings.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { ASSURANCE_RULES_2026_12_1, RED_NOTICE_RULES_2026_12_1, RULESET_2026_12_1 } from './v2026-12-1.ts'
import { changed, replacing } from './derive.ts'

// Ruleset 2026.12.2 (docs/scoring-evaluation.md): the Othman factors combine whatever the torture
// record of the giving state, and case-detail mitigations weigh only as far as the requesting state's
// courts are independent. Weights set from the cited sources, none fitted to the evaluation corpus.

const BASE = RULESET_2026_12_1

const UNHCR_HANDBOOK: SourceRef = {
  citation: 'UNHCR, Handbook on Procedures and Criteria for Determining Refugee Status (2019 reissue), HCR/1P/4/ENG/REV.4',
  title: 'Handbook on Procedures and Criteria for Determining Refugee Status and Guidelines on International Protection',
  publisher: 'UNHCR',
  date: '2019-02',
  reference: 'HCR/1P/4/ENG/REV.4',
  url: 'https://www.refworld.org/docid/5cb474b27.html'
}
const ECHR_ART_13: SourceRef = {
  citation: 'Council of Europe, European Convention on Human Rights, Article 13 (right to an effective remedy), ETS No. 5',
  title: 'European Convention on Human Rights, Article 13 (right to an effective remedy)',
  publisher: 'Council of Europe',
  date: '1950-11-04',
  reference: 'ETS No. 5',
  url: 'https://www.echr.coe.int/documents/d/echr/convention_ENG'
}
export const UNCAC_ART_30: SourceRef = {
  citation: 'United Nations, Convention against Corruption, Article 30(2) (immunities of public officials and effective prosecution), UNTS vol. 2349, p. 41',
  title: 'United Nations Convention against Corruption, Article 30(2): balance between immunities of public officials and effective prosecution',
  publisher: 'United Nations',
  date: '2003-10-31',
  reference: 'UNTS vol. 2349, p. 41 (A/RES/58/4)',
  url: 'https://www.unodc.org/unodc/en/treaties/CAC/'
}

const RED_NOTICE_CHANGES: Indicator[] = [
  changed(BASE.redNotice.catalogue, 'specific-checkable-charges', old => ({
    title: 'Every charge names a checkable act, and the requesting state\'s courts can check it',
    description: old.description + ' A detailed file is only as good as the courts that will test it: where the judiciary is not independent of the government, or torture is systematic, detailed charges are routinely built on fabricated or coerced evidence.',
    tiers: [
      { points: 15, when: 'requesting state rated Free by Freedom House' },
      { points: 8, when: 'requesting state rated Partly Free, or its rating unknown' }
    ],
    reads: [...old.reads, 'countries/{requestingCountry}/freedomStatus', 'countries/{requestingCountry}/systematicTorture'],
    sources: [...old.sources, S.freedomInTheWorld, S.othmanJudgment],
    weightRationale: 'Full weight (15) since 2026.12.2 only where the requesting state is rated Free, about half (8) where Partly Free or the rating is unknown (so that a worse rating never gives more weight), none where Not Free or where torture is systematic. Freedom House rates the independence of the judiciary and due process (questions F1 and F2) as part of the rating; the European Court of Human Rights treats evidence obtained by torture as making a trial a flagrant denial of justice (Othman, §§ 263–267), so a detailed charge from such a state does not show that the facts will be tested. The rule still reads only charges of acts with victims or damage.'
  })),
  changed(BASE.redNotice.catalogue, 'conviction-after-attended-trial', old => ({
    tiers: [
      { points: 20, when: 'convicted in a state rated Free by Freedom House' },
      { points: 8, when: 'convicted in a state not rated Free, unless rated Not Free or torture is systematic there' }
    ],
    reads: [...old.reads, 'countries/{event country}/systematicTorture'],
    sources: [...old.sources, S.othmanJudgment],
    weightRationale: 'As strong as a prior protective extradition refusal (20) when the court sits in a state rated Free; 8 where Partly Free or of unknown rating. Since 2026.12.2 a sentence from a state rated Not Free, or where torture is systematic, counts for nothing: Freedom House\'s rating covers the independence of the judiciary, and a conviction resting on coerced confessions is a flagrant denial of justice (Othman, §§ 263–267), not an independent finding. Never fires with a speech, honour, protest or military charge.'
  }))
]

RED_NOTICE_CHANGES.push(changed(BASE.redNotice.catalogue, 'torture-risk-targeted-person', old => ({
  title: 'Targeted person facing a state where torture is systematic or found widespread',
  description: 'Where torture is systematic, or where the UN Committee against Torture or the European Court of Human Rights has found torture of detainees widespread (for some states only for a named ethnic group), a person of a targeted profile, a targeted minority or previously ill-treated faces a real risk of ill-treatment on return whatever the charge (Othman: the general situation combined with the person\'s profile).',
  reads: [...old.reads, 'findings of widespread torture in the requesting state (UN Committee against Torture, European Court of Human Rights)'],
  sources: [...old.sources, ...TORTURE_FINDING_SOURCES],
  weightRationale: 'Weight unchanged (12). A finding by the UN Committee against Torture in its concluding observations, or by the European Court of Human Rights in an extradition judgment, that torture of detainees is widespread is the same kind of evidence of the general situation as the systematic-torture flag (Othman: the general situation combined with the person\'s profile); it adds the personal risk only with a targeted profile, and never the country prior.'
})))

for (const id of ['status-context-timing', 'charges-follow-political-event']) {
  RED_NOTICE_CHANGES.push(changed(BASE.redNotice.catalogue, id, old => ({
    reads: [...old.reads, '/subject/profiles'],
    sources: [...old.sources, UNCAC_ART_30],
    weightRationale: old.weightRationale + ' Since 2026.12.2 the person leaving office counts as a political event only for an opponent, critic or other targeted person (an opponent of the government in power): leaving office ends the immunity many states give serving officials, which the UN Convention against Corruption (Art. 30(2)) asks states to balance against effective prosecution, so charges soon after it are the ordinary course of an anti-corruption case. A change of government, an election, a protest and the other events count as before.'
  })))
}

const ASSURANCE_CHANGES: Indicator[] = [
  changed(BASE.assurance.catalogue, 'assurance-othman-combination', old => ({
    title: 'General, unverifiable assurance with no record of being kept',
    description: 'The European Court of Human Rights (Othman, §§ 187–189) and the UN Committee against Torture (Agiza v. Sweden, § 13.4) give little or no weight to an assurance given in general terms whose keeping cannot be objectively verified (no monitoring, or consular visits only, and no unfettered access to lawyers) and with no record of similar assurances being kept: these factors combine rather than add. Where torture is systematic, general terms or weak monitoring alone are enough.',
    tiers: [
      { points: 30, when: 'systematic torture, general terms and consular-only or no monitoring' },
      { points: 20, when: 'systematic torture and either general terms or consular-only or no monitoring' },
      { points: 15, when: 'giving state rated Partly Free or Not Free, general terms, no monitoring or consular visits only, no unfettered lawyer access, and no record of kept assurances' }
    ],
    reads: [...old.reads, '/monitoring/lawyerAccess', 'countries/{givingState}/freedomStatus'],
    sources: [...old.sources, S.freedomInTheWorld],
    weightRationale: 'Since 2026.12.2 the combination also applies, at 15 points, where torture is not documented as systematic but the giving state is not rated Free: Othman § 189 factors (ii) specificity, (vii) record of compliance and (viii) objective verification, including unfettered access to lawyers, and Agiza § 13.4 (no mechanism for enforcement) do not depend on a finding of systematic torture. 15 is half the systematic-torture tier and, with the separate factors, puts such an assurance at `high`. Specific terms, independent monitoring with unfettered lawyer access, a record of kept assurances or a giving state rated Free switch it off.'
  }))
]

const RED_NOTICE_ADDED: Indicator[] = [{
  id: 'asylum-refused-by-free-state',
  appliesTo: 'red_notice',
  kind: 'mitigating',
  title: 'Asylum claim refused by a state rated Free',
  description: 'A state rated Free by Freedom House examines an asylum claim under the Refugee Convention, with an effective remedy before its courts; its refusal is a finding against the fear of persecution the claim alleged. Refusals by states not rated Free do not count.',
  weight: 10,
  reads: ['/events/*/type', '/events/*/country', '/subject/asylum/status', 'countries/{event country}/freedomStatus'],
  sources: [UNHCR_HANDBOOK, ECHR_ART_13, S.freedomInTheWorld],
  weightRationale: 'Two thirds of the weight of a pending asylum application (15) on the other side: it answers the claim of persecution but not every sign of a political motive, and a claim may still be pending elsewhere. It never fires when the person holds refugee or subsidiary protection status.',
  basis: 'Refugee Convention status determination; ECHR Art. 13 effective remedy'
}]

export const RED_NOTICE_RULES_2026_12_2: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_1,
  'specific-checkable-charges': r.specificChargesWeighedByJudiciary,
  'conviction-after-attended-trial': r.convictionWeighedByJudiciary,
  'torture-risk-targeted-person': r.tortureRiskWithFindings,
  'status-context-timing': r.statusContextTiming2,
  'charges-follow-political-event': r.chargesFollowPoliticalEvent2,
  'asylum-refused-by-free-state': r.asylumRefusedByFreeState
}

export const ASSURANCE_RULES_2026_12_2: Readonly<Record<string, Rule<AssuranceFacts, AssuranceContext>>> = {
  ...ASSURANCE_RULES_2026_12_1,
  'assurance-othman-combination': r.othmanCombinationUnverifiable
}

export const RULESET_2026_12_2: Ruleset = {
  version: '2026.12.2',
  summary: 'Othman factors combine without a systematic-torture finding (general, unverifiable, no record of compliance, state not Free); specific charges and convictions mitigate only as far as the requesting state\'s courts are independent.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: [...replacing(BASE.redNotice.catalogue, RED_NOTICE_CHANGES), ...RED_NOTICE_ADDED], rules: RED_NOTICE_RULES_2026_12_2 },
  assurance: { catalogue: replacing(BASE.assurance.catalogue, ASSURANCE_CHANGES), rules: ASSURANCE_RULES_2026_12_2 }
}
