/**
 * Example bodies for the OpenAPI document. The people are invented; the facts follow the shape
 * of real North-Caucasus cases described in docs/domain.md. Tests check that they validate.
 */
export const RED_NOTICE_EXAMPLE = {
  mechanism: 'red_notice',
  requestingCountry: 'RU',
  interpolNoticeId: '2019/114539',
  issuedOn: '2019-06-14',
  status: 'active',
  subject: {
    fullName: 'Aslan Testov',
    aliases: ['Aslan Testoev'],
    dateOfBirth: '1982-12-02',
    nationalities: ['RU'],
    currentCountry: 'FR',
    gender: 'male',
    ethnicity: 'Chechen',
    religion: 'Muslim',
    profiles: ['ethnic_minority', 'activist'],
    asylum: { status: 'applied', country: 'FR', since: '2020-01-15' },
    leftRequestingCountryOn: '2018-11-03',
    priorIllTreatmentInRequestingCountry: true,
    relativesPressured: true
  },
  charges: [{
    description: 'Participation in an illegal armed formation',
    legalProvision: 'Criminal Code of the Russian Federation, Article 208 Part 2',
    category: 'armed_group',
    allegedOffenceDate: '2014-01-01'
  }],
  events: [
    { type: 'notice_published', date: '2019-06-14' },
    { type: 'arrest', date: '2020-02-10', country: 'FR' },
    { type: 'extradition_refused', date: '2020-09-30', country: 'FR', grounds: 'torture_risk' }
  ],
  sources: [
    { kind: 'interpol_public', reference: 'https://ws-public.interpol.int/notices/v1/red/2019-114539', date: '2020-02-11' },
    { kind: 'court_document', reference: 'Cour d\'appel, chambre de l\'instruction, arrêt du 30 septembre 2020', date: '2020-09-30' }
  ]
} as const

export const ASSURANCE_EXAMPLE = {
  givingState: 'RU',
  receivingState: 'FR',
  givenOn: '2020-07-01',
  redNoticeId: '0b9c2a6e-6d1f-4f7e-9a53-2f0f5a1c7d10',
  givenBy: { authority: 'Office of the Prosecutor General of the Russian Federation', level: 'prosecutor_general' },
  bindsState: true,
  bindsRegionalAuthorities: false,
  form: 'diplomatic_note',
  termsDisclosed: true,
  specificity: 'general',
  treatmentUnlawfulInGivingState: true,
  monitoring: { mechanism: 'consular_visits', lawyerAccess: 'limited' },
  priorCompliance: 'breached',
  subjectPreviouslyIllTreated: true,
  reviewedByDomesticCourt: false
} as const
