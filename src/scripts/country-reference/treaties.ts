import type { SourceRef } from '../../domain/types.ts'

// Inputs of the country reference data other than Freedom House. Anything not in domain.md is marked
// unverified, and nothing carries a date that domain.md does not give. Unknown stays null.

/** The 46 Council of Europe member states; ECHR ratification is a condition of membership. */
export const COE_MEMBERS: readonly string[] = [
  'AL', 'AD', 'AM', 'AT', 'AZ', 'BE', 'BA', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'GE',
  'DE', 'GR', 'HU', 'IS', 'IE', 'IT', 'LV', 'LI', 'LT', 'LU', 'MT', 'MD', 'MC', 'ME', 'NL', 'MK',
  'NO', 'PL', 'PT', 'RO', 'SM', 'RS', 'SK', 'SI', 'ES', 'SE', 'CH', 'TR', 'UA', 'GB'
]

export const COE_SOURCE: SourceRef = {
  citation: 'Council of Europe membership: 46 member states after the expulsion of Russia on 16 Mar 2022 (list not re-checked against coe.int)',
  unverified: true
}

interface TableRow {
  cat: boolean
  catText: string
  catVerified: boolean
  opcat: boolean | null
  opcatText: string
  opcatVerified: boolean
}

const row = (cat: boolean, catText: string, catVerified: boolean, opcat: boolean | null, opcatText: string, opcatVerified = false): TableRow =>
  ({ cat, catText, catVerified, opcat, opcatText, opcatVerified })

/** domain.md §5.2, with its ✓ marks as `verified`. */
export const DOMAIN_TABLE: Readonly<Record<string, TableRow>> = {
  RU: row(true, 'party since 1987 (USSR, 3 Mar 1987)', false, false, 'not a party'),
  BY: row(true, 'party since 13 Mar 1987', true, false, 'not a party'),
  TR: row(true, 'party since 2 Aug 1988', false, true, 'party since 2011'),
  AZ: row(true, 'party since 16 Aug 1996 (accession)', true, true, 'party since 28 Jan 2009', true),
  KZ: row(true, 'party since 1998 (accession)', false, true, 'party since 2008'),
  KG: row(true, 'party since 1997 (accession)', false, true, 'party since 2008'),
  TJ: row(true, 'party since 1995 (accession)', false, false, 'not a party'),
  UZ: row(true, 'party since 1995 (accession)', false, false, 'not a party'),
  TM: row(true, 'party since 1999 (accession)', false, false, 'not a party'),
  CN: row(true, 'party since 4 Oct 1988', true, false, 'not a party'),
  BH: row(true, 'party since 6 Mar 1998 (accession)', true, false, 'not a party'),
  AE: row(true, 'party since 2012 (accession)', false, false, 'not a party'),
  SA: row(true, 'party since 1997 (accession)', false, false, 'not a party'),
  EG: row(true, 'party since 1986 (accession)', false, false, 'not a party'),
  IR: row(false, 'not a party', false, false, 'not a party'),
  VE: row(true, 'party since 1991', false, false, 'not a party (signed only?)'),
  NI: row(true, 'party since 2005', false, true, 'party since 2009'),
  RW: row(true, 'party since 2008 (accession)', false, true, 'party since 2015'),
  IN: row(false, 'signed 1997, not ratified', false, false, 'not a party'),
  ID: row(true, 'party since 1998', false, false, 'not a party'),
  // domain.md says OPCAT "no"; the maintainer recalls a 2017 accession. Conflicting leads: left unknown.
  LK: row(true, 'party since 1994 (accession)', false, null, 'domain.md lists "no", but an accession around 2017 is recalled: verify')
}

// Secondary copies of the treaty status lists: kept for maintainers, never shown in scores until checked.
export const CAT_VERIFIED_SOURCE: SourceRef = {
  citation: 'UN Treaty Collection, status of the Convention against Torture (ch. IV-9), from a copy of the status list, not yet checked against the primary text',
  unverified: true
}
export const OPCAT_VERIFIED_SOURCE: SourceRef = {
  citation: 'OPCAT ratification list (whatconvention.org), a secondary copy of the UN Treaty Collection status, not yet checked against the primary text',
  unverified: true
}
export const DOMAIN_TABLE_SOURCE: SourceRef = {
  citation: 'CAT/OPCAT status and dates set by the maintainers from the UN Treaty Collection (ch. IV-9, IV-9-b), not yet checked against the primary text',
  unverified: true
}
export const MAINTAINER_SOURCE: SourceRef = {
  citation: 'CAT/OPCAT status set by the maintainers from general knowledge of the UN Treaty Collection (ch. IV-9, IV-9-b); no dates asserted; not checked against a primary text',
  unverified: true
}

// Outside the domain.md table: only states whose status the maintainers are confident of. All CoE
// members are CAT parties. OPCAT requires CAT, so a CAT non-party is an OPCAT non-party.
export const CAT_PARTIES: readonly string[] = [
  ...COE_MEMBERS,
  'US', 'CA', 'MX', 'GT', 'HN', 'SV', 'CR', 'PA', 'CU', 'DO', 'BZ', 'GY', 'BR', 'AR', 'CL', 'UY', 'PY', 'BO',
  'PE', 'EC', 'CO', 'AG', 'BS', 'GD', 'VC',
  'IL', 'JO', 'LB', 'SY', 'IQ', 'KW', 'QA', 'YE', 'OM', 'LY', 'TN', 'DZ', 'MA', 'MR', 'ML', 'NE', 'TD', 'SD',
  'SS', 'ET', 'ER', 'DJ', 'SO', 'KE', 'UG', 'BI', 'CD', 'CG', 'GA', 'CM', 'NG', 'BJ', 'TG', 'GH', 'BF', 'CI',
  'LR', 'SL', 'GN', 'GW', 'SN', 'GM', 'CV', 'MZ', 'MW', 'ZM', 'BW', 'NA', 'ZA', 'LS', 'SZ', 'MG', 'MU', 'SC',
  'AO', 'GQ', 'CF',
  'AF', 'PK', 'BD', 'NP', 'MV', 'MN', 'JP', 'KR', 'PH', 'TH', 'KH', 'LA', 'VN', 'TL', 'AU', 'NZ', 'FJ', 'VU', 'NR'
]
export const CAT_NON_PARTIES: readonly string[] = [
  'KP', 'MY', 'MM', 'SG', 'BN', 'BT', 'PG', 'TO', 'TV', 'KI', 'FM', 'PW', 'JM', 'TT', 'BB', 'DM', 'KN', 'HT',
  'KM', 'TZ', 'ZW'
]
export const OPCAT_PARTIES: readonly string[] = [
  'AT', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IT', 'LT', 'LU', 'MT', 'NL', 'PL',
  'PT', 'RO', 'SI', 'ES', 'SE', 'AL', 'AM', 'BA', 'GE', 'IS', 'LI', 'MD', 'ME', 'MK', 'NO', 'RS', 'CH', 'UA', 'GB',
  'AR', 'BO', 'BR', 'CL', 'CR', 'EC', 'GT', 'HN', 'MX', 'PA', 'PY', 'PE', 'UY',
  'AU', 'NZ', 'MN', 'PH', 'KH',
  'BJ', 'BF', 'GA', 'LR', 'MG', 'ML', 'MR', 'MA', 'MU', 'NG', 'SN', 'ZA', 'TG', 'TN'
]
export const OPCAT_NON_PARTIES: readonly string[] = ['US', 'CA', 'JP', 'KR', 'IL', 'IE']

const FT2013: SourceRef = {
  citation: 'Fair Trials (Nov 2013) named Russia, Sri Lanka, Turkey, Belarus, Indonesia, Iran and Venezuela among abusers',
  url: 'https://readkong.com/page/strengthening-respect-for-human-rights-strengthening-3274180'
}
const CCF_COUNTS: SourceRef = {
  citation: 'BBC World Service + Disclose leak (Jan 2026): CCF complaints about Russia about three times those about Turkey, the next country',
  url: 'https://qoshe.com/blitz/m-a-hossain/repressive-states-accused-of-misusing-interpol-red-notices-to-target-political-opponents/187674095'
}

/** NCBs named in domain.md §3 indicator 9, each with the source that names it. */
export const ABUSE_RECORD: Readonly<Record<string, SourceRef[]>> = {
  RU: [FT2013, CCF_COUNTS],
  TR: [FT2013, CCF_COUNTS],
  BY: [FT2013],
  LK: [FT2013],
  ID: [FT2013],
  IR: [FT2013],
  VE: [FT2013, { citation: 'Red Notice Law Journal, "Venezuela post-Chavez: more of the same Interpol abuse" (2013)', url: 'https://www.rednoticelawjournal.com/2013/04/venezuela-post-chavez-more-of-the-same-interpol-abuse/' }],
  CN: [{ citation: "Red Notice Monitor, 'Russia and China's abuse of red notices could break Interpol beyond repair'", url: 'https://rednoticemonitor.com/russia-and-china-s-abuse-of-red-notices-could-break-interpol-beyond-repair/' }],
  TJ: [{ citation: 'RFE/RL on Tajik dissidents abroad and relatives of red-noticed activists', url: 'https://rferl.org/amp/tajikistan-hrw-dissidents-return-poland-lithuania-turkey-exile/32907459.html' }],
  BH: [{ citation: 'ABC (FOI investigation) on the Bahraini red notice against refugee Hakeem al-Araibi', url: 'https://www.abc.net.au/news/2019-10-11/bungles-that-led-to-hakeem-al-araibi-being-locked-up-in-thailand/11583270' }],
  EG: [{ citation: "Australian Federal Police letter on Egypt's Abdel Latif notice (charges removed 2013)", url: 'https://theglobalherald.com/australian-federal-police-raise-concerns-over-egyptian-interpol-notice/29492/' }]
}

export interface Special {
  echrLeftOn?: string
  interpolRestrictions?: string
  systematicTorture?: boolean
  notes: string[]
  sources: SourceRef[]
}

export const SPECIAL: Readonly<Record<string, Special>> = {
  RU: {
    echrLeftOn: '2022-09-16',
    interpolRestrictions: 'Heightened supervision and monitoring measures imposed by the Executive Committee on 10 March 2022: all messages, red-notice requests and diffusions from NCB Moscow are checked by the General Secretariat before circulation. A January 2026 leak reports some stricter measures were quietly dropped in 2025.',
    systematicTorture: true,
    notes: [
      'Expelled from the Council of Europe on 16 Mar 2022; ceased to be a party to the ECHR on 16 Sep 2022 (ECtHR keeps jurisdiction for acts before that date).',
      'Systematic torture is documented in the North Caucasus (Chechnya, Dagestan, Ingushetia); the flag is country-wide because reference data is per state.'
    ],
    sources: [
      { citation: 'Council of Europe: Russia ceases to be a party to the ECHR on 16 Sep 2022 (CM/Res(2022)2)', url: 'https://www.coe.int/el/web/portal/full-news/-/asset_publisher/y5xQt7QdunzT/content/russia-ceases-to-be-a-party-to-the-european-convention-of-human-rights-on-16-september-2022' },
      { citation: 'French MFA, 11 Mar 2022: implementation of Interpol supervision measures against Russia', url: 'https://www.diplomatie.gouv.fr/en/country-files/russia/news/article/interpol-implementation-of-supervision-measures-against-russia-11-mar-2022' },
      { citation: 'AP: Interpol restricts Russia\'s direct input', url: 'https://news.abplive.com/news/world/interpol-russia-s-direct-input-restricted-1519161' },
      { citation: 'Amnesty International, Jan 2024, North Caucasus returns: torture and forced military service (via Jurist)', url: 'https://jurist.org/news/2024/01/fleeing-human-rights-violations-in-north-caucasus-region-of-russia-increasingly-risky-amnesty-international' },
      { citation: 'Daoud Muradov (France → Russia, 2020): tortured into confessions, transferred to Grozny, death announced Feb 2022', url: 'https://eng.kavkaz-uzel.eu/articles/58713/' }
    ]
  },
  EG: {
    systematicTorture: true,
    notes: ['Systematic torture: UN Committee against Torture, inquiry on Egypt under Article 20 of the Convention (2017): torture is a systematic practice in Egypt.'],
    sources: [{
      citation: 'UN Committee against Torture, inquiry on Egypt under Article 20 of the Convention (2017): torture is a systematic practice in Egypt',
      title: 'Report of the Committee against Torture, inquiry on Egypt under Article 20 of the Convention',
      publisher: 'UN Committee against Torture',
      date: '2017',
      reference: 'A/72/44, paras. 58-71'
    }]
  },
  UZ: {
    systematicTorture: true,
    notes: ['Systematic torture: UN Special Rapporteur on torture (T. van Boven), mission to Uzbekistan (2003): torture is systematic.'],
    sources: [{
      citation: 'UN Special Rapporteur on torture (T. van Boven), mission to Uzbekistan (2003): torture is systematic',
      title: 'Report of the Special Rapporteur on the question of torture, mission to Uzbekistan',
      publisher: 'UN Commission on Human Rights',
      date: '2003-02-03',
      reference: 'E/CN.4/2003/68/Add.2'
    }]
  },
  BY: {
    notes: ['Never a member of the Council of Europe, never a party to the ECHR (domain.md §5.1).'],
    sources: []
  },
  HK: {
    notes: ["CAT applies through China's ratification; no OPCAT (China is not a party)."],
    sources: [MAINTAINER_SOURCE]
  },
  TW: {
    notes: ['Taiwan cannot deposit instruments with the UN; CAT/OPCAT status left unknown.'],
    sources: []
  }
}
