import type { Indicator } from './indicator-types.ts'
import { SRC } from './sources.ts'
import { SRC_2026_12 as S } from './sources-2026-12.ts'

// The eleven Othman factors (ECtHR, Othman v. UK, 2012, §189; domain.md §4.1), each scored as a sign that
// the assurance cannot be relied on. Factors 8 and 9 have two parts each. Weights: the factors North-Caucasus
// returns fail on (4: regional forces; 7: track record; 9: systematic torture) weigh most, because
// domain.md §4.3 shows those are where assurances to Russia failed (Muradov, Baiduyev).
// Under these rules (rulesets 2026.11.1 to 2026.12.2) unknown answers (field absent) add nothing; since
// 2026.12.3 a safeguard the report does not show is not credited (rules-assurance-2026-12-3.ts).

const a = (i: Omit<Indicator, 'appliesTo' | 'kind' | 'sources'> & { sources?: Indicator['sources'] }): Indicator =>
  ({ appliesTo: 'assurance', kind: 'aggravating', ...i, sources: i.sources ?? [SRC.othman, S.othmanJudgment, SRC.othmanAnalysis] })

export const ASSURANCE_INDICATORS: Indicator[] = [
  a({
    id: 'assurance-terms-undisclosed',
    title: 'Terms of the assurance not disclosed',
    description: 'Othman factor 1: a court cannot weigh an assurance whose actual terms it has not seen.',
    weight: 12,
    reads: ['/termsDisclosed'],
    weightRationale: 'Without the text no other quality can be checked, so it is among the heavier factors.',
    basis: 'Othman factor 1'
  }),
  a({
    id: 'assurance-not-specific',
    title: 'General or oral assurance',
    description: 'Othman factor 2: general and vague assurances, or ones given only orally, carry little weight.',
    weight: 10,
    tiers: [
      { points: 10, when: 'specificity is general' },
      { points: 6, when: 'form is oral (specificity not stated as general)' }
    ],
    reads: ['/specificity', '/form'],
    weightRationale: 'A vague promise cannot be monitored or breached in any provable way.',
    basis: 'Othman factor 2'
  }),
  a({
    id: 'assurance-giver-lacks-authority',
    title: 'Giver cannot bind the state',
    description: 'Othman factor 3: the assurance counts only if the person or body giving it can bind the receiving state.',
    weight: 10,
    tiers: [
      { points: 10, when: 'bindsState is false' },
      { points: 5, when: 'given by an embassy, a regional authority or another body (level embassy, regional_authority, other)' }
    ],
    reads: ['/bindsState', '/givenBy/level'],
    weightRationale: 'A promise from someone who cannot commit the state is close to no promise; the level alone is a weaker hint.',
    basis: 'Othman factor 3'
  }),
  a({
    id: 'assurance-regional-authorities-not-bound',
    title: 'Regional or local authorities not bound',
    description: "Othman factor 4: a central government's promise may not be honoured by regional security forces, e.g. federal assurances versus Chechen or Dagestani forces.",
    weight: 15,
    reads: ['/bindsRegionalAuthorities'],
    sources: [SRC.othman, S.othmanJudgment, S.chahalJudgment, SRC.othmanAnalysis, SRC.baiduyevCase, SRC.muradovCase],
    weightRationale: 'North-Caucasus cases score badly on this factor; returnees were abducted or transferred to Grozny after return.',
    basis: 'Othman factor 4'
  }),
  a({
    id: 'assurance-covers-unlawful-treatment',
    title: 'Assurance only restates an existing legal prohibition',
    description: 'Othman factor 5: a promise not to inflict treatment that is already unlawful in the giving state adds little where that law is not enforced.',
    weight: 5,
    reads: ['/treatmentUnlawfulInGivingState'],
    sources: [SRC.othman, S.othmanJudgment, S.saadiAssurances, SRC.othmanAnalysis, SRC.catGc4Para20],
    weightRationale: 'Small: the factor matters mainly together with factor 9 (torture practised despite the law).',
    basis: 'Othman factor 5'
  }),
  a({
    id: 'assurance-giver-outside-echr',
    title: 'Giving state not a party to the ECHR',
    description: 'Othman factor 6: assurances from a Convention state are backed by the ECtHR; Russia ceased to be a party on 16 September 2022.',
    weight: 10,
    reads: ['countries/{givingState}/echrParty', 'countries/{givingState}/echrLeftOn'],
    sources: [SRC.othman, S.othmanJudgment, SRC.coeRussiaEchr],
    weightRationale: 'Removes the only binding external remedy if the assurance is broken.',
    basis: 'Othman factor 6'
  }),
  a({
    id: 'assurance-record-breached',
    title: 'Giving state has breached similar assurances',
    description: "Othman factor 7: the giving state's history of keeping, or breaking, similar assurances.",
    weight: 15,
    reads: ['/priorCompliance'],
    sources: [SRC.othman, S.othmanJudgment, SRC.agizaVSweden, SRC.muradovCase],
    weightRationale: 'A documented breach is the best evidence that the next promise will be broken too.',
    basis: 'Othman factor 7'
  }),
  a({
    id: 'assurance-no-monitoring',
    title: 'Compliance cannot be monitored',
    description: 'Othman factor 8: compliance must be objectively verifiable by diplomatic or independent monitoring; assurances without an enforcement mechanism failed in Agiza v. Sweden.',
    weight: 12,
    tiers: [
      { points: 12, when: 'monitoring mechanism is none' },
      { points: 4, when: 'consular visits only' }
    ],
    reads: ['/monitoring/mechanism'],
    sources: [SRC.othman, S.othmanJudgment, SRC.agizaVSweden],
    weightRationale: 'Unverifiable promises cannot be relied on; consular visits help but are infrequent and not independent.',
    basis: 'Othman factor 8'
  }),
  a({
    id: 'assurance-no-lawyer-access',
    title: 'No unhindered access to lawyers',
    description: "Othman factor 8: verification includes unhindered access to the person's lawyers.",
    weight: 8,
    tiers: [
      { points: 8, when: 'lawyer access none' },
      { points: 4, when: 'lawyer access limited' }
    ],
    reads: ['/monitoring/lawyerAccess'],
    weightRationale: 'Lawyers are the first to see ill-treatment in custody; their absence removes the earliest check.',
    basis: 'Othman factor 8'
  }),
  a({
    id: 'assurance-torture-treaty-gaps',
    title: 'Giving state outside CAT or OPCAT',
    description: 'Othman factor 9: whether the giving state cooperates with international monitoring mechanisms against torture.',
    weight: 6,
    tiers: [
      { points: 6, when: 'not a party to CAT' },
      { points: 3, when: 'CAT party but not a party to OPCAT (no preventive visits)' }
    ],
    reads: ['countries/{givingState}/catParty', 'countries/{givingState}/opcatParty'],
    sources: [SRC.othman, S.othmanJudgment, SRC.opcatArticle1, SRC.othmanAnalysis],
    weightRationale: 'Treaty membership is a weak proxy: the Court holds it insufficient in itself, so kept small.',
    basis: 'Othman factor 9'
  }),
  a({
    id: 'assurance-systematic-torture',
    title: 'Torture systematic in the giving state',
    description: 'Othman factor 9: where torture is systematic and not investigated or punished, assurances are unlikely to protect; Amnesty urged states not to rely on Russian assurances for North-Caucasus returns.',
    weight: 12,
    reads: ['countries/{givingState}/systematicTorture'],
    sources: [SRC.othman, S.othmanJudgment, SRC.amnesty2024AlArabiya, SRC.hrw2008],
    weightRationale: "The general situation can make any assurance insufficient (Othman's first question); weighted with the heaviest factors.",
    basis: 'Othman factor 9'
  }),
  a({
    id: 'assurance-rule-of-law-deficit',
    title: 'Giving state rated Not Free or Partly Free',
    description: 'Othman factor 9 also asks whether the state has an effective domestic system against torture; a Not Free rating signals courts and media that cannot expose breaches.',
    weight: 4,
    tiers: [
      { points: 4, when: 'Freedom House status NF' },
      { points: 2, when: 'Freedom House status PF' }
    ],
    reads: ['countries/{givingState}/freedomStatus'],
    sources: [SRC.othman, S.othmanJudgment, SRC.freedomHouse2023],
    weightRationale: 'A country-wide prior; small.',
    basis: 'Othman factor 9'
  }),
  a({
    id: 'assurance-subject-previously-ill-treated',
    title: 'Subject previously ill-treated in the giving state',
    description: 'Othman factor 10: prior ill-treatment of this person in the giving state.',
    weight: 12,
    reads: ['/subjectPreviouslyIllTreated'],
    weightRationale: 'A personal, not general, risk: the state has already shown what it does to this person.',
    basis: 'Othman factor 10'
  }),
  a({
    id: 'assurance-no-domestic-court-review',
    title: 'No court of the sending state examined the assurance',
    description: "Othman factor 11: whether the sending state's courts have examined the reliability of the assurance.",
    weight: 6,
    reads: ['/reviewedByDomesticCourt'],
    sources: [SRC.othman, S.othmanJudgment, SRC.agizaVSweden],
    weightRationale: 'Judicial scrutiny is a safeguard of the process, not of the giving state; medium-low. Agiza was expelled after a truncated procedure.',
    basis: 'Othman factor 11'
  }),
  {
    id: 'assurance-independent-monitoring',
    appliesTo: 'assurance',
    kind: 'mitigating',
    title: 'Independent monitoring with unfettered lawyer access',
    description: 'Othman factor 8: monitoring by an independent body or NGOs, with unfettered access to lawyers, makes compliance verifiable (the UK–Jordan arrangement in Othman relied on an independent monitor).',
    weight: 10,
    reads: ['/monitoring/mechanism', '/monitoring/lawyerAccess'],
    sources: [SRC.othman, S.othmanJudgment, SRC.andersonWalker2017],
    weightRationale: 'The one feature that can turn a promise into something checkable; it subtracts less than the failures above add, since monitors can be obstructed.',
    basis: 'Othman factor 8'
  },
  {
    id: 'assurance-record-kept',
    appliesTo: 'assurance',
    kind: 'mitigating',
    title: 'Giving state kept similar assurances',
    description: 'Othman factor 7: a record of keeping similar assurances supports reliance.',
    weight: 5,
    reads: ['/priorCompliance'],
    sources: [SRC.othman, S.othmanJudgment, SRC.othmanAnalysis],
    weightRationale: 'Small: "kept" is often asserted on thin monitoring, and whether the Othman assurances were in fact kept has not been confirmed from a primary source.',
    basis: 'Othman factor 7'
  }
]
