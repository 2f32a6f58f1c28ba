/** Realistic report bodies, built from facts in domain.md; the people are invented. */
export function chechenRedNotice (overrides: { fullName?: string, dateOfBirth?: string, aliases?: string[] } = {}) {
  return {
    mechanism: 'red_notice',
    requestingCountry: 'RU',
    interpolNoticeId: '2019/114539',
    issuedOn: '2019-06-14',
    status: 'active',
    subject: {
      fullName: overrides.fullName ?? 'Магомед Исаев',
      ...(overrides.aliases === undefined ? {} : { aliases: overrides.aliases }),
      dateOfBirth: overrides.dateOfBirth ?? '1988-03-12',
      notes: 'Fled Grozny in 2018 after relatives were detained.',
      nationalities: ['RU'],
      currentCountry: 'FR',
      ethnicity: 'Chechen',
      profiles: ['ethnic_minority'],
      asylum: { status: 'applied', country: 'FR', since: '2019-01-20' },
      leftRequestingCountryOn: '2018-11-02',
      relativesPressured: true
    },
    charges: [{ description: 'Participation in an illegal armed formation', legalProvision: 'Criminal Code of the Russian Federation, Art. 208', category: 'armed_group', allegedOffenceDate: '2015-05-01' }],
    events: [{ type: 'notice_published', date: '2019-06-14' }, { type: 'relatives_targeted', date: '2019-02-01', note: 'Brother summoned by police in Grozny.' }],
    sources: [{ kind: 'interpol_public', reference: 'https://ws-public.interpol.int/notices/v1/red/2019-114539', date: '2021-12-11' }]
  }
}

export function russianAssurance () {
  return {
    givingState: 'RU',
    receivingState: 'FR',
    givenOn: '2020-10-01',
    subjectFullName: 'Магомед Исаев',
    givenBy: { authority: 'Prosecutor General\'s Office', level: 'prosecutor_general' },
    bindsState: true,
    bindsRegionalAuthorities: false,
    form: 'diplomatic_note',
    termsDisclosed: false,
    specificity: 'general',
    monitoring: { mechanism: 'none', lawyerAccess: 'limited' },
    priorCompliance: 'breached',
    subjectPreviouslyIllTreated: true,
    reviewedByDomesticCourt: false,
    notes: 'Returnee to Chechnya.'
  }
}
