import type { RedNoticeInput } from '../../src/schemas/red-notices.ts'

// Invented people in the shapes partners file: Cyrillic and Latin names, several requesting states.
const GIVEN = ['Магомед', 'Aslan', 'Ruslan', 'Zelimkhan', 'Timur', 'Aigerim', 'Нурлан', 'Dilnoza', 'Bakhtiyor', 'Elif', 'Mehmet', 'Sardor', 'Gulnara', 'Farrukh', 'Анна', 'Ilkham']
const FAMILY = ['Исаев', 'Umarov', 'Kadyrov', 'Tashkentova', 'Nazarbekov', 'Yilmaz', 'Demir', 'Rakhimov', 'Saidova', 'Абдуллаев', 'Kurbanov', 'Aliyev', 'Ergashev', 'Mirzoeva', 'Оспанов', 'Tursunov']
const STATES = [
  { country: 'RU', ethnicity: 'Chechen', charge: { description: 'Participation in an illegal armed formation', legalProvision: 'Criminal Code of the Russian Federation, Art. 208', category: 'armed_group' } },
  { country: 'TR', ethnicity: 'Kurdish', charge: { description: 'Membership of an armed terrorist organisation', legalProvision: 'Turkish Penal Code, Art. 314', category: 'terrorism' } },
  { country: 'TJ', ethnicity: 'Pamiri', charge: { description: 'Public calls for extremist activity', category: 'extremism' } },
  { country: 'KZ', ethnicity: 'Kazakh', charge: { description: 'Large-scale fraud', category: 'fraud' } },
  { country: 'UZ', ethnicity: 'Uzbek', charge: { description: 'Attempt on the constitutional order', category: 'extremism' } }
] as const
const PROFILES = [['ethnic_minority'], ['journalist'], ['political_opposition', 'activist'], ['religious_minority'], ['human_rights_defender']] as const
const ASYLUM = ['applied', 'recognized_refugee', 'none', 'subsidiary_protection'] as const

const pad = (n: number): string => String(n).padStart(2, '0')
const date = (year: number, n: number): string => `${year}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))}`

/**
 * The n-th report of a run: every body differs (name, dates, state, charges), as it would across partners.
 * Names repeat only every 256 reports and birth dates vary independently, so a few reports link to the
 * same subject by blind index, as real duplicates do.
 */
export function redNoticeBody (n: number): RedNoticeInput {
  const state = STATES[n % STATES.length]!
  return {
    mechanism: n % 7 === 0 ? 'diffusion' : 'red_notice',
    requestingCountry: state.country,
    interpolNoticeId: `20${10 + (n % 15)}/${100000 + n}`,
    issuedOn: date(2015 + (n % 10), n),
    status: 'active',
    subject: {
      fullName: `${GIVEN[n % GIVEN.length]} ${FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]}`,
      dateOfBirth: date(1960 + (n % 40), n * 7),
      notes: `Left after relatives were questioned (case ${n}).`,
      nationalities: [state.country],
      currentCountry: n % 2 === 0 ? 'FR' : 'DE',
      ethnicity: state.ethnicity,
      profiles: [...PROFILES[n % PROFILES.length]!],
      asylum: { status: ASYLUM[n % ASYLUM.length]!, country: n % 2 === 0 ? 'FR' : 'DE', since: date(2019 + (n % 5), n) },
      relativesPressured: n % 3 === 0
    },
    charges: [{ ...state.charge, allegedOffenceDate: date(2012 + (n % 8), n) }],
    events: [{ type: 'notice_published', date: date(2015 + (n % 10), n) }],
    sources: [{ kind: 'interpol_public', reference: `https://ws-public.interpol.int/notices/v1/red/${n}`, date: date(2021, n) }]
  }
}
