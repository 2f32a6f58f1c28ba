import { QUARTER_BAND_LIMITS } from '../bands.ts'
import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import * as r from '../rules-2026-12.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { AssuranceContext, AssuranceFacts, RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { ASSURANCE_RULES_2026_11_1, RED_NOTICE_RULES_2026_11_1, RULESET_2026_11_1 } from './v2026-11-1.ts'
import { changed, replacing } from './derive.ts'

// Ruleset 2026.12.1: the five method fixes of issue #14 (docs/scoring-evaluation.md). It keeps every
// indicator of 2026.11.1, changes three rules, and appends new indicators; weights set from the cited
// sources, none fitted to the evaluation corpus.

const BASE_RN = RULESET_2026_11_1.redNotice.catalogue
const BASE_AS = RULESET_2026_11_1.assurance.catalogue

const rn = (i: Omit<Indicator, 'appliesTo'>): Indicator => ({ appliesTo: 'red_notice', ...i })

const RED_NOTICE_CHANGES: Indicator[] = [
  changed(BASE_RN, 'refugee-or-asylum-seeker', {
    description: BASE_RN.find(i => i.id === 'refugee-or-asylum-seeker')?.description.replace(/\.$/, '') +
      '. It applies to requests from the state the person fled (their state of nationality), and not against a specific charge of genocide, a war crime or a crime against humanity: Article 1F(a) of the Refugee Convention excludes such persons from protection.',
    reads: [...(BASE_RN.find(i => i.id === 'refugee-or-asylum-seeker')?.reads ?? []), '/subject/nationalities', '/charges/*/category', '/charges/*/particulars'],
    sources: [...(BASE_RN.find(i => i.id === 'refugee-or-asylum-seeker')?.sources ?? []), S.refugeeConvention1F],
    weightRationale: 'Weight unchanged (35). Since 2026.12.1 it does not fire when a charge of an international crime names a checkable act (refugee status cannot protect a person excluded from it, and Interpol supports the prosecution of such crimes), nor, as the refugee policy itself says, when the request comes from a state other than the one the person fled: with the person\'s nationalities known, the requesting state must be one of them.'
  }),
  changed(BASE_RN, 'protection-by-another-state', {
    sources: [...(BASE_RN.find(i => i.id === 'protection-by-another-state')?.sources ?? []), S.refugeeConvention1F],
    weightRationale: 'Weight unchanged (10). Like refugee status, it does not apply against a specific charge of an international crime (Refugee Convention Art. 1F(a)).'
  }),
  changed(BASE_RN, 'vague-security-charge', {
    description: 'Vague extremism, terrorism and "illegal armed formation" charges that name no checkable act are a documented pattern of contrived cases, notably against Muslims from the North Caucasus and Central Asia.',
    sources: [...(BASE_RN.find(i => i.id === 'vague-security-charge')?.sources ?? []), S.interpolNeutrality, S.rpdArt83Facts],
    weightRationale: 'Weight unchanged (20). Since 2026.12.1 it reads only security charges whose particulars are not specific: a charge naming the attack, its date, place and victims is what Interpol\'s terrorism practice (AGN/53/RES/7) and RPD Art. 83(2)(b)(i) ask for, and must not score like a vague formula.'
  })
]

const RED_NOTICE_ADDED: Indicator[] = [
  rn({
    id: 'status-context-timing',
    kind: 'aggravating',
    title: 'Opponent, critic or former official of a Partly Free or Not Free state, charged soon after a political event',
    description: "Interpol's Article 3 practice weighs the status of the person, the political context and the timing of the charges against political events; charges against opponents and former officials brought soon after a change of government or the start of political activity are the typical pattern of politically driven ordinary-law charges.",
    weight: 25,
    tiers: [
      { points: 25, when: 'status profile, requesting state rated Partly Free or Not Free, and a charge brought within two years after a political event' },
      { points: 12, when: 'status profile and requesting state rated Partly Free or Not Free, timing unknown' }
    ],
    reads: ['/subject/profiles', '/politicalContext/*/type', '/politicalContext/*/date', '/charges/*/chargedOn', '/issuedOn', 'countries/{requestingCountry}/freedomStatus'],
    sources: [S.interpolRepositoryArt3, S.interpolNeutrality, S.freedomInTheWorld],
    weightRationale: 'The three factors of the predominance test together (status, context, timing) are as strong a sign as a charge of expression (25); status and context alone add half. The two-year window is a judgement: long enough for an indictment to follow a change of government, short enough to exclude routine later prosecutions.',
    basis: 'Interpol Article 3 predominance test: status of the person, general context, timing'
  }),
  rn({
    id: 'charges-follow-political-event',
    kind: 'aggravating',
    title: 'Charges brought soon after a political event',
    description: 'A charge brought within two years after a change of government, an election, a protest, public criticism, a defection, the person leaving office or starting political activity is a timing sign Interpol weighs in its Article 3 review.',
    weight: 10,
    reads: ['/politicalContext/*/type', '/politicalContext/*/date', '/charges/*/chargedOn', '/issuedOn'],
    sources: [S.interpolRepositoryArt3, S.interpolNeutrality],
    weightRationale: 'Medium, like the other timing indicators (request after departure 8, after an asylum claim 10): timing supports but does not establish a political motive.',
    basis: 'Interpol Article 3 predominance test: timing'
  }),
  rn({
    id: 'targeted-person-repressive-state',
    kind: 'aggravating',
    title: 'Critic, minority member or person accused of vague terrorism or extremism, sought by a state with a record of transnational repression',
    description: "Freedom House documents states that reach across borders to detain, deport, abduct or attack exiles, often through Interpol's channels, and finds that most of these cases rest on terrorism or extremism accusations; a critic, a minority member or a person accused of terrorism or extremism without a named act, sought by such a state, is at the centre of that pattern even when little is known about the charges.",
    weight: 20,
    tiers: [
      { points: 20, when: 'requesting state among the most prolific perpetrators named by Freedom House' },
      { points: 12, when: 'requesting state named by Freedom House as an origin state of transnational repression' }
    ],
    reads: ['/subject/profiles', '/subject/ethnicity', '/subject/religion', '/charges/*/category', '/charges/*/particulars', '/requestingCountry', 'transnational repression record of the requesting state'],
    sources: [S.fhOutOfSight, S.fhStillNotSafe, S.fhTenFindings],
    weightRationale: 'As strong as the profile itself (20) for the leading perpetrators, whose record is counted in hundreds of incidents; lower for states documented with fewer incidents. It fires only with a targeted person, so country data alone still stays below `elevated`.',
    basis: 'Freedom House transnational repression data (origin states and incident counts)'
  }),
  rn({
    id: 'torture-risk-targeted-person',
    kind: 'aggravating',
    title: 'Targeted person facing a state where torture is systematic',
    description: 'Where torture is systematic, a person of a targeted profile, a targeted minority or previously ill-treated faces a real risk of ill-treatment on return whatever the charge (Othman: the general situation combined with the person\'s profile).',
    weight: 12,
    reads: ['/subject/profiles', '/subject/ethnicity', '/subject/religion', '/subject/priorIllTreatmentInRequestingCountry', 'countries/{requestingCountry}/systematicTorture'],
    sources: [S.othmanJudgment, S.ismoilovJudgment],
    weightRationale: 'Medium-high: the country fact alone stays a small prior (systematic torture 4); combined with a personal profile it becomes the individual risk the courts look for.',
    basis: 'Othman v. UK: general situation and personal risk factors'
  }),
  rn({
    id: 'specific-checkable-charges',
    kind: 'mitigating',
    title: 'Every charge names a checkable act of violence, terrorism or other harm',
    description: "Interpol's rules require a red notice to describe the criminal activities with their time and location; a charge of violence, terrorism, an international crime or other harm that names the act, its date, place and victims or damage can be checked and contested, unlike a vague formula.",
    weight: 15,
    reads: ['/charges/*/particulars'],
    sources: [S.rpdArt83Facts, S.interpolRepositoryArt3],
    weightRationale: 'Offsets most of one strong sign: together with the security-charge indicator not firing on specific charges, a detailed charge of a specific attack scores 35 points below a vague extremism charge. Economic, fraud and abuse-of-office charges are left out: detailed accounts of business dealings are the usual form of abusive requests against opponents and former officials, so detail does not answer the question of motive there.',
    basis: 'Interpol RPD Art. 83(2)(b)(i); Repository of Practice on coherence between charges and facts'
  }),
  rn({
    id: 'conviction-after-attended-trial',
    kind: 'mitigating',
    title: 'Sentenced for an ordinary-law offence after a trial the person attended',
    description: 'A sentence handed down after a trial the person attended, for an ordinary-law offence, is a judicial finding of the facts that a request in bad faith usually lacks; it weighs most when the court sits in a state rated Free.',
    weight: 20,
    tiers: [
      { points: 20, when: 'convicted in a state rated Free by Freedom House' },
      { points: 8, when: 'convicted in a state not rated Free (or unknown)' }
    ],
    reads: ['/events/*/type', '/events/*/country', '/charges/*/category', 'countries/{event country}/freedomStatus'],
    sources: [S.echrConvention, S.freedomInTheWorld, S.interpolRepositoryArt3],
    weightRationale: 'As strong as a prior protective extradition refusal (20) on the other side when the court is independent; small where courts are not, since show trials also end in sentences. Never fires with a speech, honour, protest or military charge.',
    basis: 'ECHR Art. 6 fair-trial guarantees; Interpol Article 3 practice'
  }),
  rn({
    id: 'co-defendants-convicted-independently',
    kind: 'mitigating',
    title: 'Co-defendants convicted by the courts of a Free state',
    description: 'When courts of a state rated Free have convicted co-defendants for the same facts, the facts of the case have been tested independently of the requesting state.',
    weight: 15,
    reads: ['/events/*/type', '/events/*/country', 'countries/{event country}/freedomStatus'],
    sources: [S.echrConvention, S.freedomInTheWorld],
    weightRationale: 'Medium-high: it tests the facts, not this person\'s part in them, so less than the person\'s own conviction.',
    basis: 'Independent judicial finding of the same facts'
  }),
  rn({
    id: 'requesting-state-judicial-oversight',
    kind: 'mitigating',
    title: 'Requesting state under independent judicial oversight',
    description: "A requesting state that is party to the European Convention on Human Rights, bound by the European Court of Human Rights' judgments, and rated Free by Freedom House offers the person a fair trial and an international remedy.",
    weight: 10,
    reads: ['countries/{requestingCountry}/echrParty', 'countries/{requestingCountry}/freedomStatus'],
    sources: [S.echrConvention, S.freedomInTheWorld],
    weightRationale: 'Medium: the mirror of the country priors on the other side (outside the ECHR 2, Not Free 6, abuse record 6); it does not by itself outweigh a case-specific sign.',
    basis: 'ECHR Arts. 6, 19 and 46'
  }),
  rn({
    id: 'specific-international-crime',
    kind: 'mitigating',
    title: 'Specific charge of genocide, war crimes or crimes against humanity',
    description: 'Interpol processes requests concerning genocide, war crimes and crimes against humanity despite their political context, and the Refugee Convention (Art. 1F(a)) excludes persons seriously suspected of them from protection.',
    weight: 15,
    reads: ['/charges/*/category', '/charges/*/particulars'],
    sources: [S.interpolWarCrimes, S.interpolNeutrality, S.refugeeConvention1F],
    weightRationale: 'Medium-high: it answers the political context such cases always have; it fires only with specific particulars, so a vague "genocide denial" or similar charge does not benefit.',
    basis: 'Interpol GA resolutions AGN/63/RES/9 and AG-2004-RES-17; Refugee Convention Art. 1F(a)'
  })
]

const ASSURANCE_ADDED: Indicator[] = [
  {
    id: 'assurance-othman-combination',
    appliesTo: 'assurance',
    kind: 'aggravating',
    title: 'General or unmonitored assurance from a state where torture is systematic',
    description: 'The European Court of Human Rights (Othman, §§ 187–189) and the UN Committee against Torture (Agiza v. Sweden) give little or no weight to assurances from a state where torture is systematic when they are given in general terms or monitored only by consular visits, with no record of similar assurances being kept: these factors combine rather than add.',
    weight: 30,
    tiers: [
      { points: 30, when: 'systematic torture, general terms and consular-only or no monitoring' },
      { points: 20, when: 'systematic torture and either general terms or consular-only or no monitoring' }
    ],
    reads: ['countries/{givingState}/systematicTorture', '/specificity', '/form', '/monitoring/mechanism', '/priorCompliance'],
    sources: [S.othmanJudgment, S.agizaDecision, S.ismoilovJudgment],
    weightRationale: 'Enough, with the separate factors, to put such an assurance at `high`: the courts treat the combination as leaving the assurance without weight, not as a sum of small defects. A record of kept assurances switches it off.',
    basis: 'Othman v. UK §§ 187–189 (factors 1, 2, 8 and 9 combined); CAT, Agiza v. Sweden'
  }
]

export const RED_NOTICE_RULES_2026_12_1: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_11_1,
  'refugee-or-asylum-seeker': r.refugeeUnlessExcluded,
  'protection-by-another-state': r.protectionUnlessExcluded,
  'vague-security-charge': r.vagueSecurityChargeUnlessSpecific,
  'status-context-timing': r.statusContextTiming,
  'charges-follow-political-event': r.chargesFollowPoliticalEvent,
  'targeted-person-repressive-state': r.targetedPersonRepressiveState,
  'torture-risk-targeted-person': r.tortureRiskTargetedPerson,
  'specific-checkable-charges': r.specificCheckableCharges,
  'conviction-after-attended-trial': r.convictionAfterAttendedTrial,
  'co-defendants-convicted-independently': r.coDefendantsConvictedIndependently,
  'requesting-state-judicial-oversight': r.requestingStateJudicialOversight,
  'specific-international-crime': r.specificInternationalCrimeCharge
}

export const ASSURANCE_RULES_2026_12_1: Readonly<Record<string, Rule<AssuranceFacts, AssuranceContext>>> = {
  ...ASSURANCE_RULES_2026_11_1,
  'assurance-othman-combination': r.othmanCombination
}

export const RULESET_2026_12_1: Ruleset = {
  version: '2026.12.1',
  summary: 'Issue #14: status × context × timing; transnational repression and torture risk with a targeted profile; mitigations of real weight (specific charges, convictions, independent courts, judicial oversight); refugee status not against specific international crimes; Othman factors combined.',
  bandLimits: QUARTER_BAND_LIMITS,
  redNotice: { catalogue: [...replacing(BASE_RN, RED_NOTICE_CHANGES), ...RED_NOTICE_ADDED], rules: RED_NOTICE_RULES_2026_12_1 },
  assurance: { catalogue: [...BASE_AS, ...ASSURANCE_ADDED], rules: ASSURANCE_RULES_2026_12_1 }
}
