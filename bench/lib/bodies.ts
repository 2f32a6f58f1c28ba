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

const DAY_MS = 86_400_000

/** The person of the n-th report: 256 names, each with its own birth dates over 55 years; all differ for n < 320,000. */
function personOf (n: number): { fullName: string, dateOfBirth: string } {
  const fullName = `${GIVEN[n % GIVEN.length]} ${FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]}`
  const dateOfBirth = new Date(Date.UTC(1950, 0, 1) + ((n * 37) % 20_000) * DAY_MS).toISOString().slice(0, 10)
  return { fullName, dateOfBirth }
}

/**
 * The n-th report of a run: every body differs (dates, state, charges), as it would across partners. One
 * report in ten is about the person of the report before it, as when a second partner files a person another
 * has just filed: it links to that subject by blind index, and has the first one scored again. (Until
 * 2026-11 the name and birth date repeated every 3,840 reports, so a subject gathered a report every 3,840
 * and each new one had all the others scored again: five jobs a filing by the end of a run, growing with it.)
 */
export function redNoticeBody (n: number): RedNoticeInput {
  const state = STATES[n % STATES.length]!
  const person = personOf(n % 10 === 9 ? n - 1 : n)
  return {
    mechanism: n % 7 === 0 ? 'diffusion' : 'red_notice',
    requestingCountry: state.country,
    interpolNoticeId: `20${10 + (n % 15)}/${100000 + n}`,
    issuedOn: date(2015 + (n % 10), n),
    status: 'active',
    subject: {
      fullName: person.fullName,
      dateOfBirth: person.dateOfBirth,
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
