import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import * as r from '../rules-2026-12-2.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import { TORTURE_FINDING_SOURCES } from '../torture-findings.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { ASSURANCE_RULES_2026_12_1, RED_NOTICE_RULES_2026_12_1, RULESET_2026_12_1 } from './v2026-12-1.ts'

// Ruleset 2026.12.2 (docs/scoring-evaluation.md): the Othman factors combine whatever the torture
// record of the giving state, and case-detail mitigations weigh only as far as the requesting state's
// courts are independent. Weights set from the cited sources, none fitted to the evaluation corpus.

const BASE = RULESET_2026_12_1

function changed (base: readonly Indicator[], id: string, patch: (old: Indicator) => Partial<Indicator>): Indicator {
  const old = base.find(i => i.id === id)
  if (old === undefined) throw new Error(`No indicator ${id} in the base ruleset`)
  return { ...old, ...patch(old) }
}

const RED_NOTICE_CHANGES: Indicator[] = [
  changed(BASE.redNotice.catalogue, 'specific-checkable-charges', old => ({
    title: 'Every charge names a checkable act, and the requesting state\'s courts can check it',
    description: old.description + ' A detailed file is only as good as the courts that will test it: where the judiciary is not independent of the government, or torture is systematic, detailed charges are routinely built on fabricated or coerced evidence.',
    tiers: [
      { points: 15, when: 'requesting state rated Free by Freedom House' },
      { points: 8, when: 'requesting state rated Partly Free' }
    ],
    reads: [...old.reads, 'countries/{requestingCountry}/freedomStatus', 'countries/{requestingCountry}/systematicTorture'],
    sources: [...old.sources, S.freedomInTheWorld, S.othmanJudgment],
    weightRationale: 'Full weight (15) since 2026.12.2 only where the requesting state is rated Free, about half (8) where Partly Free, none where Not Free, where torture is systematic or where the rating is unknown. Freedom House rates the independence of the judiciary and due process (questions F1 and F2) as part of the rating; the European Court of Human Rights treats evidence obtained by torture as making a trial a flagrant denial of justice (Othman, §§ 263–267), so a detailed charge from such a state does not show that the facts will be tested. The rule still reads only charges of acts with victims or damage.'
  })),
  changed(BASE.redNotice.catalogue, 'conviction-after-attended-trial', old => ({
    tiers: [
      { points: 20, when: 'convicted in a state rated Free by Freedom House' },
      { points: 8, when: 'convicted in a state rated Partly Free where torture is not documented as systematic' }
    ],
    reads: [...old.reads, 'countries/{event country}/systematicTorture'],
    sources: [...old.sources, S.othmanJudgment],
    weightRationale: 'As strong as a prior protective extradition refusal (20) when the court sits in a state rated Free; 8 where Partly Free. Since 2026.12.2 a sentence from a state rated Not Free, where torture is systematic, or of unknown rating counts for nothing: Freedom House\'s rating covers the independence of the judiciary, and a conviction resting on coerced confessions is a flagrant denial of justice (Othman, §§ 263–267), not an independent finding. Never fires with a speech, honour, protest or military charge.'
  }))
]

RED_NOTICE_CHANGES.push(changed(BASE.redNotice.catalogue, 'torture-risk-targeted-person', old => ({
  title: 'Targeted person facing a state where torture is systematic or found widespread',
  description: old.description + ' Since 2026.12.2 this also applies where the UN Committee against Torture or the European Court of Human Rights has found torture of detainees widespread in the requesting state (for some states only for a named ethnic group).',
  reads: [...old.reads, 'findings of widespread torture in the requesting state (UN Committee against Torture, European Court of Human Rights)'],
  sources: [...old.sources, ...TORTURE_FINDING_SOURCES],
  weightRationale: 'Weight unchanged (12). A finding by the UN Committee against Torture in its concluding observations, or by the European Court of Human Rights in an extradition judgment, that torture of detainees is widespread is the same kind of evidence of the general situation as the systematic-torture flag (Othman: the general situation combined with the person\'s profile); it adds the personal risk only with a targeted profile, and never the country prior.'
})))

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

const replacing = (base: readonly Indicator[], changes: readonly Indicator[]): Indicator[] =>
  base.map(i => changes.find(c => c.id === i.id) ?? i)

export const RED_NOTICE_RULES_2026_12_2: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_1,
  'specific-checkable-charges': r.specificChargesWeighedByJudiciary,
  'conviction-after-attended-trial': r.convictionWeighedByJudiciary,
  'torture-risk-targeted-person': r.tortureRiskWithFindings,
  'status-context-timing': r.statusContextTiming2,
  'charges-follow-political-event': r.chargesFollowPoliticalEvent2
}

export const ASSURANCE_RULES_2026_12_2: Readonly<Record<string, Rule<AssuranceFacts, AssuranceContext>>> = {
  ...ASSURANCE_RULES_2026_12_1,
  'assurance-othman-combination': r.othmanCombinationUnverifiable
}

export const RULESET_2026_12_2: Ruleset = {
  version: '2026.12.2',
  summary: 'Othman factors combine without a systematic-torture finding (general, unverifiable, no record of compliance, state not Free); specific charges and convictions mitigate only as far as the requesting state\'s courts are independent.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, RED_NOTICE_CHANGES), rules: RED_NOTICE_RULES_2026_12_2 },
  assurance: { catalogue: replacing(BASE.assurance.catalogue, ASSURANCE_CHANGES), rules: ASSURANCE_RULES_2026_12_2 }
}
