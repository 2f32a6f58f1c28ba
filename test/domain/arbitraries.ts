import fc from 'fast-check'
import {
  ASSURANCE_FORMS, ASSURANCE_GIVER_LEVELS, ASSURANCE_SPECIFICITIES, ASSURANCE_SUBJECTS, ASYLUM_STATUSES, CHARGE_CATEGORIES, EVENT_TYPES,
  FREEDOM_STATUSES, GROUNDS, LAWYER_ACCESS, MECHANISMS, MONITORING_MECHANISMS, NOTICE_STATUSES, PRIOR_COMPLIANCE,
  POLITICAL_CONTEXT_TYPES, PROFILES, SOURCE_KINDS
} from '../../src/domain/index.ts'
import type {
  AssuranceFacts, CaseEvent, Charge, CountryContext, LinkedContext, RedNoticeFacts, ScoringContext, SourceFact, SubjectFacts
} from '../../src/domain/index.ts'

// Small code pool so that generated facts often refer to the requesting state itself (edge cases of
// "protection by another state", ill-treatment location, named minorities).
export const countryCode = fc.constantFrom('RU', 'DE', 'FR', 'TR', 'CN', 'BH', 'US', 'XA')

const validDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
  .map(d => d.toISOString().slice(0, 10))
// Malformed and partial dates must be ignored, never crash a rule.
export const isoDate = fc.oneof({ weight: 9, arbitrary: validDate }, { weight: 1, arbitrary: fc.constantFrom('2019', '2020-13', '', 'soon') })

export const charge: fc.Arbitrary<Charge> = fc.record({
  description: fc.string({ maxLength: 40 }),
  legalProvision: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 20 })),
  category: fc.constantFrom(...CHARGE_CATEGORIES),
  allegedOffenceDate: isoDate,
  chargedOn: isoDate,
  particulars: fc.constantFrom('specific' as const, 'general' as const)
}, { requiredKeys: ['description', 'category'] })

export const politicalEvent = fc.record({ type: fc.constantFrom(...POLITICAL_CONTEXT_TYPES), date: isoDate }, { requiredKeys: ['type'] })

export const caseEvent: fc.Arbitrary<CaseEvent> = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  date: isoDate,
  country: countryCode,
  grounds: fc.constantFrom(...GROUNDS)
}, { requiredKeys: ['type'] })

export const sourceFact: fc.Arbitrary<SourceFact> = fc.record({ kind: fc.constantFrom(...SOURCE_KINDS), date: isoDate }, { requiredKeys: ['kind'] })

export const subject: fc.Arbitrary<SubjectFacts> = fc.record({
  nationalities: fc.uniqueArray(countryCode, { maxLength: 2 }),
  currentCountry: countryCode,
  gender: fc.constantFrom('F', 'M'),
  ethnicity: fc.constantFrom('Chechen', 'Ingush', 'Uyghur', 'Kurdish', 'German', 'Avar'),
  religion: fc.constantFrom('Muslim', 'Shia Muslim', 'Christian'),
  profiles: fc.uniqueArray(fc.constantFrom(...PROFILES), { maxLength: 4 }),
  asylum: fc.record({ status: fc.constantFrom(...ASYLUM_STATUSES), country: countryCode, since: isoDate }, { requiredKeys: ['status'] }),
  leftRequestingCountryOn: isoDate,
  priorIllTreatmentInRequestingCountry: fc.boolean(),
  relativesPressured: fc.boolean()
}, { requiredKeys: [] })

export const redNoticeFacts: fc.Arbitrary<RedNoticeFacts> = fc.record({
  mechanism: fc.constantFrom(...MECHANISMS),
  requestingCountry: countryCode,
  issuedOn: isoDate,
  status: fc.constantFrom(...NOTICE_STATUSES),
  subject,
  charges: fc.array(charge, { maxLength: 4 }),
  events: fc.array(caseEvent, { maxLength: 6 }),
  sources: fc.array(sourceFact, { maxLength: 3 }),
  politicalContext: fc.array(politicalEvent, { maxLength: 3 })
}, { requiredKeys: ['mechanism', 'requestingCountry', 'subject', 'charges', 'events', 'sources'] })

const triState = fc.constantFrom(true, false, null)

export const countryContext: fc.Arbitrary<CountryContext> = fc.record({
  code: countryCode,
  name: fc.constantFrom('Somewhere', 'Elsewhere'),
  echrParty: fc.boolean(),
  echrLeftOn: fc.option(validDate, { nil: null }),
  catParty: triState,
  opcatParty: triState,
  freedomScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  freedomStatus: fc.option(fc.constantFrom(...FREEDOM_STATUSES), { nil: null }),
  freedomYear: fc.option(fc.constant(2022), { nil: null }),
  interpolRestrictions: fc.option(fc.constantFrom('Supervision since 2022', '  '), { nil: null }),
  systematicTorture: triState,
  abuseRecord: fc.boolean(),
  notes: fc.constant([]),
  sources: fc.constant([])
})

export const linkedContext: fc.Arbitrary<LinkedContext> = fc.record({
  relativesTargeted: fc.nat(3),
  priorDeletions: fc.nat(2),
  priorProtectiveDeletions: fc.nat(2),
  priorProtectiveRefusals: fc.nat(2),
  priorDeletionDates: fc.array(validDate, { maxLength: 2 })
})

export const scoringContext: fc.Arbitrary<ScoringContext> = fc.record({
  requestingCountry: fc.option(countryContext, { nil: null }),
  linked: linkedContext
})

export const assuranceFacts: fc.Arbitrary<AssuranceFacts> = fc.record({
  givingState: countryCode,
  receivingState: countryCode,
  givenOn: isoDate,
  givenBy: fc.record({ authority: fc.constantFrom('Prosecutor General', 'Embassy'), level: fc.constantFrom(...ASSURANCE_GIVER_LEVELS) }, { requiredKeys: [] }),
  bindsState: fc.boolean(),
  bindsRegionalAuthorities: fc.boolean(),
  form: fc.constantFrom(...ASSURANCE_FORMS),
  termsDisclosed: fc.boolean(),
  specificity: fc.constantFrom(...ASSURANCE_SPECIFICITIES),
  covers: fc.uniqueArray(fc.constantFrom(...ASSURANCE_SUBJECTS), { minLength: 1 }),
  treatmentUnlawfulInGivingState: fc.boolean(),
  monitoring: fc.record({ mechanism: fc.constantFrom(...MONITORING_MECHANISMS), lawyerAccess: fc.constantFrom(...LAWYER_ACCESS) }, { requiredKeys: [] }),
  priorCompliance: fc.constantFrom(...PRIOR_COMPLIANCE),
  subjectPreviouslyIllTreated: fc.boolean(),
  reviewedByDomesticCourt: fc.boolean()
}, { requiredKeys: ['givingState', 'receivingState'] })
