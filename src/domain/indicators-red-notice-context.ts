import type { Indicator } from './indicator-types.ts'
import { SRC } from './sources.ts'

// Mechanism and requesting-state priors. The method calls the country indicators a "prior, not proof",
// so their weights are capped on purpose: all six together (6+4+6+2+2+4 = 24; Russia scores 23) stay
// below the `elevated` threshold (25) on context alone; a single case-specific sign crosses it.

export const RED_NOTICE_CONTEXT_INDICATORS: Indicator[] = [
  {
    id: 'mechanism-without-interpol-review',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Channel with little or no prior Interpol review',
    description: 'Diffusions are sent by the NCB itself and historically circulated before any check, and have been used to get around notice refusals; national and bilateral wanted lists, deportations and entry refusals never pass Interpol review at all.',
    weight: 8,
    tiers: [
      { points: 8, when: 'mechanism is wanted_list, deportation or entry_refusal (no Interpol review)' },
      { points: 5, when: 'mechanism is diffusion (sent by the NCB, reviewed by the NDTF only since 2016 and often after circulation)' }
    ],
    reads: ['/mechanism'],
    sources: [SRC.kingsleyNapleyDiffusions, SRC.bromundDiffusions, SRC.ndtfReview],
    weightRationale: 'Small: the channel removes a safeguard but says nothing about this case by itself. Red notices and extradition requests score 0 here because they pass Interpol legal review or a court of the requested state.',
    basis: 'Method overview (Interpol rules and case law)'
  },
  {
    id: 'requesting-ncb-abuse-record',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Requesting NCB with a record of abuse',
    description: 'PACE asked Interpol to focus on notices from NCBs that have abused the system in the past; Fair Trials and CCF complaint counts name the same states repeatedly.',
    weight: 6,
    reads: ['countries/{requestingCountry}/abuseRecord'],
    sources: [SRC.pace14277, SRC.pace2315, SRC.fairTrials2013, SRC.bbcDisclose2026],
    weightRationale: 'Rated "medium (prior, not proof)". Kept small so that no requesting state is presumed abusive on its identity alone.',
    basis: 'Abuse indicator 9'
  },
  {
    id: 'interpol-restrictions',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Interpol restrictions on the requesting NCB',
    description: "Interpol's own Executive Committee placed the requesting NCB under special supervision (for Russia: heightened supervision and monitoring measures of 10 March 2022).",
    weight: 4,
    reads: ['countries/{requestingCountry}/interpolRestrictions'],
    sources: [SRC.interpolRussia2022],
    weightRationale: 'Interpol itself found a risk of misuse, but the measures also mean every request is checked first; a small prior on top of the abuse record.',
    basis: 'Method overview (Interpol rules and case law)'
  },
  {
    id: 'rule-of-law-deficit',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Requesting state rated Not Free or Partly Free',
    description: 'Most abusive requests come from states rated Not Free or Partly Free by Freedom House, where courts offer little protection against politically motivated prosecution.',
    weight: 6,
    tiers: [
      { points: 6, when: 'Freedom House status NF' },
      { points: 3, when: 'Freedom House status PF' }
    ],
    reads: ['countries/{requestingCountry}/freedomStatus'],
    sources: [SRC.odfReport, SRC.freedomHouse2023],
    weightRationale: 'Rated "prior". A country-wide rating cannot show that this case is political.',
    basis: 'Abuse indicator 22'
  },
  {
    id: 'outside-echr',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Requesting state outside the ECHR',
    description: 'A state outside the European Convention on Human Rights escapes binding ECtHR review, including interim measures against ill-treatment of a returned person.',
    weight: 2,
    reads: ['countries/{requestingCountry}/echrParty'],
    sources: [SRC.coeRussiaEchr, SRC.publicCaseReports],
    weightRationale: 'Rated "context". Most states are outside the ECHR by construction, so it may only nudge.',
    basis: 'Abuse indicator 20'
  },
  {
    id: 'torture-treaty-gaps',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Requesting state outside CAT or OPCAT',
    description: 'A state that has not joined the UN Convention against Torture, or its Optional Protocol on preventive visits, accepts less outside scrutiny of detention.',
    weight: 2,
    tiers: [
      { points: 2, when: 'not a party to CAT' },
      { points: 1, when: 'CAT party but not a party to OPCAT' }
    ],
    reads: ['countries/{requestingCountry}/catParty', 'countries/{requestingCountry}/opcatParty'],
    sources: [SRC.opcatArticle1, SRC.odfReport],
    weightRationale: 'Rated "prior". Unknown treaty status (null) adds nothing.',
    basis: 'Abuse indicator 22'
  },
  {
    id: 'systematic-torture',
    appliesTo: 'red_notice',
    kind: 'aggravating',
    title: 'Systematic torture documented in the requesting state',
    description: 'Where torture is documented as systematic (e.g. the North Caucasus), a request exposes the person to it whatever the charge, and confessions obtained there taint the case.',
    weight: 4,
    reads: ['countries/{requestingCountry}/systematicTorture'],
    sources: [SRC.amnesty2024, SRC.muradovCase],
    weightRationale: 'Concerns the danger of return more than the motive of the request, so a small prior here; it weighs far more in assurance scores.',
    basis: 'Method overview (Interpol rules and case law)'
  },
  {
    id: 'specific-violent-crime-accountable-state',
    appliesTo: 'red_notice',
    kind: 'mitigating',
    title: 'Specific violent or sexual crime, documented, from a state under ECHR oversight',
    description: 'A violent or sexual offence with a stated legal provision and a court document, requested by a Free state bound by the ECHR, is the ordinary-law case red notices exist for.',
    weight: 20,
    reads: ['/charges/*/category', '/charges/*/legalProvision', '/sources/*/kind', 'countries/{requestingCountry}/echrParty', 'countries/{requestingCountry}/freedomStatus'],
    sources: [SRC.interpolConstitutionArt3, SRC.rpdArt83MinimumData],
    weightRationale: 'Enough to offset one strong sign, not two: it never erases the aggravating indicators, which still add independently, so adding an aggravating fact can only raise the score.',
    basis: 'Method overview (Interpol rules and case law)'
  }
]
