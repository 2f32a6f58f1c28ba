import type { Indicator } from './indicator-types.ts'
import { SRC } from './sources.ts'
import { SRC_2026_12 as S } from './sources-2026-12.ts'

// Red-notice indicators read from the report itself (subject, charges, events). Weights follow the
// "weight hint" column of domain.md §3 on one scale: very high ≈ 25–35, high ≈ 15–20, medium-high ≈ 12,
// medium ≈ 8–10. One strong sign alone reaches `elevated`; two reach `high` (bands in ruleset.ts).

const rn = (i: Omit<Indicator, 'appliesTo' | 'kind'>): Indicator => ({ appliesTo: 'red_notice', kind: 'aggravating', ...i })

export const RED_NOTICE_CASE_INDICATORS: Indicator[] = [
  rn({
    id: 'refugee-or-asylum-seeker',
    title: 'Refugee or asylum seeker pursued by another state',
    description: "Interpol's refugee policy in general bars red notices and diffusions against a person whose refugee or asylum-seeker status is confirmed when the request comes from the state where they fear persecution, and the CCF has protected asylum seekers beyond the policy's strict terms.",
    weight: 35,
    tiers: [
      { points: 35, when: 'refugee or subsidiary protection status confirmed by another state (status or asylum_granted event)' },
      { points: 15, when: 'asylum claim lodged in another state (status applied)' }
    ],
    reads: ['/subject/asylum/status', '/subject/asylum/country', '/events/*/type', '/events/*/country', '/requestingCountry'],
    sources: [SRC.refugeePolicy, SRC.ccfBeyondRefugeePolicy, SRC.pace2161],
    weightRationale: 'Rated "very high (near-automatic deletion)": the only indicator with a written Interpol policy behind it. Not higher because the policy applies only "in general" and needs the grant to be verified. A pending claim counts less (no state has yet found the fear well founded). One graded indicator rather than two, so that a claim turning into a grant can only raise the score.',
    basis: 'Abuse indicator 1'
  }),
  rn({
    id: 'protection-by-another-state',
    title: 'Another state granted protection',
    description: 'A state that granted asylum, subsidiary protection or citizenship after persecution has already weighed the claim; courts have refused extradition on that ground (Spain, Silaev).',
    weight: 10,
    reads: ['/subject/asylum/status', '/subject/asylum/country', '/events/*/type', '/requestingCountry'],
    sources: [SRC.silaevSpain, SRC.publicCaseReports],
    weightRationale: 'Rated "high"; kept at 10 because it usually co-occurs with refugee-or-asylum-seeker, which already carries most of the weight, while naturalisation alone still counts.',
    basis: 'Abuse indicator 21'
  }),
  rn({
    id: 'targeted-profile',
    title: 'Opposition, activist, journalist, defender or similar profile',
    description: 'Red notices have been used to persecute members of the political opposition, activists, journalists and human-rights defenders beyond the requesting state\'s borders.',
    weight: 20,
    reads: ['/subject/profiles'],
    sources: [SRC.pace2161, SRC.epDroi2019, SRC.fairTrials2013],
    weightRationale: 'Rated "high". Counted once however many profiles apply: several labels describe one person, not several signs.',
    basis: 'Abuse indicator 2'
  }),
  rn({
    id: 'vague-security-charge',
    title: 'Terrorism, extremism or "illegal armed formation" charge',
    description: 'Vague extremism, terrorism and "illegal armed formation" charges are a documented pattern of contrived cases, notably against Muslims from the North Caucasus and Central Asia.',
    weight: 20,
    reads: ['/charges/*/category'],
    sources: [SRC.odfReport, SRC.vayfondSyriaCases, SRC.amnesty2024],
    weightRationale: 'Rated "high". Not higher because real terrorism cases use the same categories; the minority and timing indicators add the distinguishing context.',
    basis: 'Abuse indicator 3'
  }),
  rn({
    id: 'expression-charge',
    title: 'Speech, honour or protest offence',
    description: 'Offences against honour (defamation, insult) are excluded from red notices by RPD Art. 83; speech and "propaganda" charges are a hallmark of requests against critics.',
    weight: 25,
    reads: ['/charges/*/category'],
    sources: [SRC.rpdArt83Excluded, SRC.yalcinCoeAlert],
    weightRationale: 'Rated "very high": the conduct is either outside Interpol\'s remit altogether or political expression.',
    basis: 'Abuse indicator 13'
  }),
  rn({
    id: 'military-offence',
    title: 'Desertion, draft evasion or mobilisation-related charge',
    description: "Interpol's Constitution forbids any activity of a military character; desertion and refusal of mobilisation are classic Art. 3 military offences, and North-Caucasus returnees face forced mobilisation.",
    weight: 25,
    reads: ['/charges/*/category', '/subject/profiles'],
    sources: [SRC.interpolConstitutionArt3, SRC.amnesty2024AlArabiya, SRC.amnesty2024, SRC.catGc4Desertion],
    weightRationale: 'Rated "very high": Art. 3 excludes such requests outright.',
    basis: 'Abuse indicator 11'
  }),
  rn({
    id: 'economic-charge-with-profile',
    title: 'Economic charge against a critic, businessperson or former official',
    description: 'Allegations of corruption and financial crime are the most widespread way abusive requests are framed, typically against opponents and businesspeople.',
    weight: 12,
    reads: ['/charges/*/category', '/subject/profiles'],
    sources: [SRC.odfReport, SRC.bromundFinancial],
    weightRationale: 'Rated "medium-high, combine with profile". Fires only with a profile, because economic charges alone are mostly ordinary crime.',
    basis: 'Abuse indicator 4'
  }),
  rn({
    id: 'private-or-administrative-matter',
    title: 'Private dispute or administrative offence',
    description: 'RPD Art. 83 excludes private disputes (e.g. unfunded cheques, commercial debts) and administrative breaches unless linked to serious or organised crime.',
    weight: 12,
    reads: ['/charges/*/category'],
    sources: [SRC.rpdArt83Excluded, SRC.ccf2018_2],
    weightRationale: 'Rated "high (non-compliance, not necessarily political)"; kept at medium because the CCF found such a notice compliant in 2018-2, and the score measures political targeting.',
    basis: 'Abuse indicator 14'
  }),
  rn({
    id: 'request-after-departure',
    title: 'Request issued after the subject left the requesting state',
    description: 'Charges or notices that appear only after flight or public criticism abroad are a recognised sign of politically motivated requests.',
    weight: 8,
    reads: ['/subject/leftRequestingCountryOn', '/issuedOn', '/events/*/date'],
    sources: [SRC.nytDiffusionTiming],
    weightRationale: 'Timing is rated "medium"; prosecutions legitimately follow flight too, so it supports rather than establishes abuse.',
    basis: 'Abuse indicator 6'
  }),
  rn({
    id: 'request-after-asylum-claim',
    title: 'Request issued after an asylum claim',
    description: 'A request that follows an asylum claim suggests the requesting state is pursuing the person because they sought protection.',
    weight: 10,
    reads: ['/subject/asylum/since', '/issuedOn', '/events/*/date'],
    sources: [SRC.alAraibiTiming, SRC.nytDiffusionTiming],
    weightRationale: 'Timing is rated "medium"; slightly above request-after-departure because an asylum claim is a protected act known to the requesting state.',
    basis: 'Abuse indicator 6'
  }),
  rn({
    id: 'prior-notice-deletion',
    title: 'Notice already deleted or refused by Interpol',
    description: 'A prior deletion or refusal by Interpol for the same person is the strongest sign that the case does not comply with its rules; Interpol rejected the Browder requests as "predominantly political".',
    weight: 25,
    tiers: [
      { points: 25, when: 'deleted on political, torture-risk or refugee grounds' },
      { points: 15, when: 'deleted on other or unstated grounds, or known only as status "deleted"' }
    ],
    reads: ['/events/*/type', '/events/*/grounds', '/status', 'linked/priorDeletions'],
    sources: [SRC.nytDiffusionTiming, SRC.bromundDiffusions],
    weightRationale: 'Rated "very high". Deletions for procedural reasons prove non-compliance but not political motive, hence the lower tier.',
    basis: 'Abuse indicator 7'
  }),
  rn({
    id: 'refiled-after-deletion',
    title: 'Re-filed or switched channel after deletion',
    description: 'Requesting states re-file after a deletion or switch to diffusions and national lists to get around Interpol refusals (Russia on Browder and Kulachenkov).',
    weight: 15,
    reads: ['/events/*/type', '/events/*/date', '/issuedOn', '/mechanism', 'linked/priorDeletionDates'],
    sources: [SRC.bromundDiffusions, SRC.kingsleyNapleyDiffusions],
    weightRationale: 'Adds to prior-notice-deletion because persisting after a refusal shows intent, which a single flawed request does not.',
    basis: 'Abuse indicator 7'
  }),
  rn({
    id: 'prior-extradition-refusal',
    title: 'Extradition already refused',
    description: "Courts in other states have refused extradition on political or torture grounds (e.g. the French Conseil d'État in Ablyazov, Spain in Silaev).",
    weight: 20,
    tiers: [
      { points: 20, when: 'refused on political, torture-risk or refugee grounds' },
      { points: 8, when: 'refused on other or unstated grounds' }
    ],
    reads: ['/events/*/type', '/events/*/grounds', 'linked/priorProtectiveRefusals'],
    sources: [SRC.ablyazovConseilEtat, SRC.silaevSpain],
    weightRationale: 'Rated "high" when the refusal rests on political or torture grounds; other refusals say less about motive.',
    basis: 'Abuse indicator 8'
  }),
  rn({
    id: 'interim-measures',
    title: 'International court ordered interim measures',
    description: 'Interim measures (e.g. ECtHR Rule 39) mean a court saw a real risk of irreparable harm on return.',
    weight: 10,
    reads: ['/events/*/type'],
    sources: [SRC.mamatkulovRule39, SRC.publicCaseReports],
    weightRationale: 'A judicial risk finding, but provisional and about the consequences of return more than the motive of the request: medium.',
    basis: 'Abuse indicator 20'
  }),
  rn({
    id: 'relatives-targeted',
    title: 'Relatives targeted or pressured',
    description: 'Pressure on relatives at home ("persuasion to return") and notices against relatives of dissidents are documented tools of transnational repression.',
    weight: 15,
    reads: ['/subject/relativesPressured', '/events/*/type', '/subject/profiles', 'linked/relativesTargeted'],
    sources: [SRC.redNoticeMonitorRelatives, SRC.rferlTajikRelatives, SRC.amnesty2024],
    weightRationale: 'Rated "medium-high": pressure on relatives is a documented tool of transnational repression, but it shows the state\'s interest in the person rather than the character of the charge.',
    basis: 'Abuse indicator 10'
  }),
  rn({
    id: 'ethnic-or-religious-minority',
    title: 'Ethnic or religious minority of the requesting state',
    description: 'Interpol may not act in matters of a religious or racial character; Chechens, Dagestanis, Ingush, Uyghurs, Kurds, Papuans and Shia Bahrainis are recurring targets.',
    weight: 12,
    reads: ['/subject/profiles', '/subject/ethnicity', '/subject/religion', '/requestingCountry'],
    sources: [SRC.interpolConstitutionArt3, SRC.amnesty2024, SRC.catGc4MinorityRisk],
    weightRationale: 'Rated "medium-high"; it mostly sharpens the security-charge indicator rather than standing alone.',
    basis: 'Abuse indicator 15'
  }),
  rn({
    id: 'conviction-in-absentia',
    title: 'Conviction in absentia',
    description: 'Trials in absentia are examined by the CCF (2018-2); convictions resting on show trials or torture evidence led to deletions (e.g. Sayed Abdellatif, 2018).',
    weight: 12,
    reads: ['/events/*/type'],
    sources: [SRC.ccf2018_2, SRC.publicCaseReports],
    weightRationale: 'Rated "high"; held at 12 because in absentia trials are lawful in many states and the CCF found 2018-2 compliant.',
    basis: 'Abuse indicator 12'
  }),
  rn({
    id: 'changing-charges',
    title: 'Charges changed after scrutiny',
    description: "Charges dropped or swapped after scrutiny undermine the request's good faith (Egypt's Abdel Latif notice, murder and firearms charges removed in 2013).",
    weight: 15,
    reads: ['/events/*/type'],
    sources: [SRC.afpAbdelLatif],
    weightRationale: 'Rated "high": charges dropped or swapped after outside scrutiny undermine the good faith of the whole request.',
    basis: 'Abuse indicator 16'
  }),
  rn({
    id: 'insufficient-description',
    title: 'Charge without legal provision or date',
    description: 'A red notice must state the facts, the charge and the law creating the offence; the CCF treats an insufficient description of criminal activities as non-compliance (2023-3, 2024-2).',
    weight: 8,
    reads: ['/charges/*/legalProvision', '/charges/*/allegedOffenceDate'],
    sources: [SRC.ccf2023_3, SRC.ccf2024_2, SRC.rpdArt83MinimumData],
    weightRationale: 'Rated "medium"; the report may simply not have transcribed the notice in full.',
    basis: 'Abuse indicator 18'
  }),
  rn({
    id: 'prior-ill-treatment',
    title: 'Subject previously ill-treated in the requesting state',
    description: 'Past ill-treatment by the requesting state shows it has already targeted this person and is a personal risk factor against return.',
    weight: 10,
    reads: ['/subject/priorIllTreatmentInRequestingCountry', '/events/*/type', '/events/*/country'],
    sources: [SRC.othman, S.othmanJudgment, SRC.amnesty2024],
    weightRationale: 'Mainly a torture-risk factor (Othman factor 10), hence medium in a score of political targeting.',
    basis: 'Othman factor 10'
  })
]
