import type { Indicator } from '../indicator-types.ts'
import * as r from '../rules-assurance-2026-12-3.ts'
import { SRC } from '../sources.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import { TORTURE_FINDING_SOURCES } from '../torture-findings.ts'
import type { AssuranceContext, AssuranceFacts, SourceRef } from '../types.ts'
import type { RuleBook } from './types.ts'
import { changed } from './derive.ts'

// The assurance changes of ruleset 2026.12.3 (docs/scoring-evaluation.md), kept apart from any red-notice
// change so that they can be applied to whichever ruleset comes next. Weights set from the cited
// sources, none fitted to the evaluation corpus.

const src = (s: Omit<SourceRef, 'citation'>): SourceRef => ({
  citation: `${s.publisher ?? ''}, ${s.title ?? ''} (${s.date ?? ''})${s.reference === undefined ? '' : `, ${s.reference}`}`,
  ...s
})

export const SRC_ASSURANCE_2026_12_3 = {
  saadi: S.saadiAssurances,
  chahal: S.chahalJudgment,
  klein: src({
    title: 'Klein v. Russia (general assurances from a state outside the Convention insufficient against a real risk of ill-treatment)',
    publisher: 'European Court of Human Rights',
    date: '2010-04-01',
    reference: 'ECtHR, no. 24268/08, 1 April 2010',
    url: 'https://www.bailii.org/eu/cases/ECHR/2010/443.html'
  }),
  specialRapporteur2005: src({
    title: 'Interim report of the Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment (non-refoulement and diplomatic assurances)',
    publisher: 'United Nations General Assembly',
    date: '2005-08-30',
    reference: 'UN Doc. A/60/316'
  })
} as const
const A = SRC_ASSURANCE_2026_12_3

// Saadi, a judgment, goes before the commentary on Othman, so that an explanation's two sources are the
// Court's own (Othman and Saadi).
const withSaadi = (sources: readonly SourceRef[]): SourceRef[] => {
  const at = sources.indexOf(SRC.othmanAnalysis)
  return at < 0 ? [...sources, A.saadi] : [...sources.slice(0, at), A.saadi, ...sources.slice(at)]
}

const NOT_SHOWN = ' Since 2026.12.3 a report that does not state the answer counts as not showing the safeguard, at half the points of an explicit failure: the state relying on an assurance has to show that it protects in practice (Othman, §§ 187–189; Saadi v. Italy, §§ 147–148), so a safeguard nobody has shown cannot be credited, while an explicit answer still moves the score both ways.'

/** The assurance indicators 2026.12.3 changes, derived from the base ruleset's entries. */
export function assuranceChanges2026123 (base: readonly Indicator[]): Indicator[] {
  return [
    changed(base, 'assurance-terms-undisclosed', old => ({
      tiers: [
        { points: 12, when: 'terms not disclosed' },
        { points: 6, when: 'the report does not say whether the terms were disclosed' }
      ],
      sources: withSaadi(old.sources),
      weightRationale: old.weightRationale + NOT_SHOWN
    })),
    changed(base, 'assurance-not-specific', old => ({
      tiers: [
        ...(old.tiers ?? []),
        { points: 5, when: 'the report does not say whether the terms are general or specific (and the form is not oral)' }
      ],
      sources: withSaadi(old.sources),
      weightRationale: old.weightRationale + NOT_SHOWN
    })),
    changed(base, 'assurance-giver-lacks-authority', old => ({
      tiers: [
        ...(old.tiers ?? []),
        { points: 5, when: 'the report states neither the level of the giver nor whether it binds the state' }
      ],
      sources: withSaadi(old.sources),
      weightRationale: old.weightRationale + NOT_SHOWN
    })),
    changed(base, 'assurance-no-monitoring', old => ({
      tiers: [
        { points: 12, when: 'monitoring mechanism is none' },
        { points: 6, when: 'the report does not say that any mechanism monitors compliance' },
        { points: 4, when: 'consular visits only' }
      ],
      sources: [...old.sources, A.saadi, A.specialRapporteur2005],
      weightRationale: old.weightRationale + NOT_SHOWN + ' Consular visits, a mechanism that is shown, stay below a mechanism not shown at all.'
    })),
    changed(base, 'assurance-systematic-torture', old => ({
      title: 'Torture systematic, or found widespread, in the giving state',
      description: 'Othman factor 9: where torture is systematic, or the UN Committee against Torture or the European Court of Human Rights has found torture of detainees widespread (unless the finding is limited to an ethnic group), and it is not investigated or punished, assurances are unlikely to protect (Ismoilov, § 127); Amnesty urged states not to rely on Russian assurances for North-Caucasus returns.',
      reads: [...old.reads, 'findings of widespread torture in the giving state (UN Committee against Torture, European Court of Human Rights)'],
      sources: [...old.sources, S.ismoilovJudgment, ...TORTURE_FINDING_SOURCES],
      weightRationale: old.weightRationale + ' Since 2026.12.3 a treaty body\'s or the Court\'s finding of widespread torture is the same kind of evidence of the general situation (Othman, § 187) as the systematic-torture flag; red-notice scoring has read these findings since 2026.12.2.'
    })),
    changed(base, 'assurance-othman-combination', old => ({
      title: 'Assurance not shown to be specific or verifiable, with no record of being kept',
      description: 'The European Court of Human Rights (Othman, §§ 187–189; Saadi v. Italy, §§ 147–148; Ismoilov, § 127; Klein v. Russia) and the UN Committee against Torture (Agiza v. Sweden, § 13.4) give little or no weight to an assurance that is not shown to be specific, whose keeping cannot be objectively verified (no independent monitoring and no unfettered access to lawyers, or none shown) and which the giving state has not been seen to keep: these factors combine rather than add. The UN Special Rapporteur on torture holds that assurances from states where torture is systematic cannot be relied on. How far the combination weighs depends on the giving state.',
      weight: 30,
      tiers: [
        { points: 30, when: 'torture systematic or found widespread, terms general or not shown to be specific, and no independent monitoring or unfettered lawyer access shown' },
        { points: 20, when: 'torture systematic or found widespread, and one of those two defects' },
        { points: 25, when: 'giving state rated Partly Free or Not Free by Freedom House, with both defects' },
        { points: 15, when: 'giving state rated Free (or not rated) and not a party to the European Convention on Human Rights, with both defects stated in the report (general or oral terms, and no monitoring or consular visits only)' }
      ],
      reads: [...new Set([...old.reads, '/termsDisclosed', '/monitoring/lawyerAccess', 'countries/{givingState}/echrParty', 'findings of widespread torture in the giving state (UN Committee against Torture, European Court of Human Rights)'])],
      sources: [...old.sources, A.saadi, A.chahal, A.klein, A.specialRapporteur2005, ...TORTURE_FINDING_SOURCES],
      weightRationale: 'Since 2026.12.3 a defect counts when the report does not show the safeguard as well as when it states the failure: the state relying on an assurance must show that it protects in practice (Othman, §§ 187–189; Saadi, § 148), and Agiza (§ 13.4) turned on the absence of any mechanism for enforcement. The tiers follow the giving state: 30 where torture is systematic or found widespread by a treaty body or the Court (Ismoilov, § 127; Othman, § 187: the general situation can leave any assurance insufficient), 25 where it is rated Partly Free or Not Free (up from 15: with the separate factors such an assurance reaches `high`, as the courts give it little or no weight), 15 where it is rated Free but outside the Convention, so that no international court enforces the promise (Othman factor vi; Klein v. Russia; Chahal, § 105: good faith at the centre does not bind those who hold the person); there only defects the report states count, since a state rated Free has courts and a press that can hold it to its word. A party to the Convention rated Free is not affected. Specific terms with independent monitoring or unfettered lawyer access, or a record of kept assurances, switch it off; a worse record of the giving state never lowers the tier.',
      basis: 'Othman v. UK §§ 187–189 (factors ii, vi, vii, viii and ix combined); Saadi v. Italy §§ 147–148; CAT, Agiza v. Sweden'
    }))
  ]
}

/** Indicators 2026.12.3 adds to the assurance catalogue. */
export const ASSURANCE_ADDED_2026_12_3: Indicator[] = [{
  id: 'assurance-torture-not-covered',
  appliesTo: 'assurance',
  kind: 'aggravating',
  title: 'Assurance does not cover torture, from a state where torture is systematic or widespread',
  description: 'The European Court of Human Rights asks first whether the general situation in the giving state leaves a real risk of ill-treatment and then whether the assurance answers it (Othman, § 187; Saadi v. Italy, § 147): a promise about the death penalty, a fair trial or detention conditions from a state where torture is systematic, or found widespread by the UN Committee against Torture or the Court, leaves the risk of torture unaddressed.',
  weight: 15,
  reads: ['/covers', 'countries/{givingState}/systematicTorture', 'findings of widespread torture in the giving state (UN Committee against Torture, European Court of Human Rights)'],
  sources: [S.othmanJudgment, A.saadi, S.ismoilovJudgment, ...TORTURE_FINDING_SOURCES],
  weightRationale: 'As heavy as a breached record or unbound regional forces (15): the assurance is silent on the very risk the general situation creates. It fires only when the report states what the assurance covers, never on silence, and only where torture is systematic or found widespread; a death-penalty assurance from a state without such a record is not affected.',
  basis: 'Othman v. UK § 187 (general situation and the assurance\'s answer to it); Saadi v. Italy § 147'
}]

export const ASSURANCE_RULE_CHANGES_2026_12_3 = {
  'assurance-terms-undisclosed': r.termsUndisclosedOrNotShown,
  'assurance-not-specific': r.notSpecificOrNotShown,
  'assurance-giver-lacks-authority': r.giverLacksAuthorityOrNotShown,
  'assurance-no-monitoring': r.noMonitoringOrNotShown,
  'assurance-systematic-torture': r.systematicOrWidespreadTorture,
  'assurance-othman-combination': r.othmanCombinationNotShown,
  'assurance-torture-not-covered': r.tortureNotCovered
} as const

/** A ruleset's assurance book with the 2026.12.3 changes applied (catalogue order kept, additions last). */
export function withAssuranceChanges2026123 (base: RuleBook<AssuranceFacts, AssuranceContext>): RuleBook<AssuranceFacts, AssuranceContext> {
  const changes = assuranceChanges2026123(base.catalogue)
  return {
    catalogue: [...base.catalogue.map(i => changes.find(c => c.id === i.id) ?? i), ...ASSURANCE_ADDED_2026_12_3],
    rules: { ...base.rules, ...ASSURANCE_RULE_CHANGES_2026_12_3 }
  }
}
