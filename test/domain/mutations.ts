import fc from 'fast-check'
import { PROFILES } from '../../src/domain/index.ts'
import type { AssuranceContext, AssuranceFacts, ChargeCategory, CountryContext, LinkedContext, Mechanism, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { caseEvent, charge, isoDate, politicalEvent } from './arbitraries.ts'

// A mutation adds one fact. "Aggravating" ones must never lower the score and "mitigating" ones must
// never raise it. They are named so a failing property says which fact broke monotonicity.

export interface RnMutation { name: string, apply: (f: RedNoticeFacts, c: ScoringContext) => [RedNoticeFacts, ScoringContext] }
export interface AsMutation { name: string, apply: (f: AssuranceFacts, c: AssuranceContext) => [AssuranceFacts, AssuranceContext] }

/** Events that speak for an ordinary-law request: a conviction after an attended trial, co-defendants convicted (2026.12.1), an asylum claim refused (2026.12.2). */
const MITIGATING_EVENTS: readonly string[] = ['conviction', 'co_defendants_convicted', 'asylum_refused']

/** A new charge's date can be an aggravating timing sign; the mitigating charge mutations test the charge alone. */
function withoutDate<T extends { chargedOn?: string }> (ch: T): T {
  const { chargedOn: _ignored, ...rest } = ch
  return rest as T
}

const rnFacts = (name: string, g: (f: RedNoticeFacts) => RedNoticeFacts): RnMutation => ({ name, apply: (f, c) => [g(f), c] })
const rnCountry = (name: string, g: (k: CountryContext) => CountryContext): RnMutation =>
  ({ name, apply: (f, c) => [f, { ...c, requestingCountry: c.requestingCountry === null ? null : g(c.requestingCountry) }] })
const rnLinked = (name: string, g: (l: LinkedContext) => LinkedContext): RnMutation =>
  ({ name, apply: (f, c) => [f, { ...c, linked: g(c.linked) }] })

export const aggravatingRedNotice: fc.Arbitrary<RnMutation> = fc.oneof(
  fc.constantFrom(...PROFILES).map(p => rnFacts(`profile ${p}`, f => ({ ...f, subject: { ...f.subject, profiles: [...(f.subject.profiles ?? []), p] } }))),
  // A charge whose particulars are specific can be a mitigating fact (2026.12.1): only vague or unknown ones here.
  charge.filter(ch => ch.category !== 'violent' && ch.category !== 'sexual' && ch.particulars !== 'specific')
    .map(ch => rnFacts(`charge ${ch.category}`, f => ({ ...f, charges: [...f.charges, ch] }))),
  caseEvent.filter(e => !MITIGATING_EVENTS.includes(e.type)).map(e => rnFacts(`event ${e.type}`, f => ({ ...f, events: [...f.events, e] }))),
  politicalEvent.map(e => rnFacts(`political context ${e.type}`, f => ({ ...f, politicalContext: [...(f.politicalContext ?? []), e] }))),
  fc.constant(rnFacts('asylum recognized', f => ({ ...f, subject: { ...f.subject, asylum: { ...f.subject.asylum, status: 'recognized_refugee' } } }))),
  fc.constant(rnFacts('relatives pressured', f => ({ ...f, subject: { ...f.subject, relativesPressured: true } }))),
  fc.constant(rnFacts('prior ill-treatment', f => ({ ...f, subject: { ...f.subject, priorIllTreatmentInRequestingCountry: true } }))),
  isoDate.map(d => rnFacts('departure date', f => ({ ...f, subject: { leftRequestingCountryOn: d, ...f.subject } }))),
  isoDate.map(d => rnFacts('issue date', f => ({ issuedOn: d, ...f }))),
  fc.constantFrom<Mechanism>('diffusion', 'wanted_list', 'deportation', 'entry_refusal').map(m => rnFacts(`mechanism ${m}`, f =>
    f.mechanism === 'red_notice' || f.mechanism === 'extradition_request' ? { ...f, mechanism: m } : f)),
  fc.constantFrom<'relativesTargeted' | 'priorDeletions' | 'priorProtectiveDeletions' | 'priorProtectiveRefusals'>('relativesTargeted', 'priorDeletions', 'priorProtectiveDeletions', 'priorProtectiveRefusals')
    .map(k => rnLinked(`linked ${k}`, l => ({ ...l, [k]: l[k] + 1 }))),
  isoDate.map(d => rnLinked('linked deletion date', l => ({ ...l, priorDeletionDates: [...l.priorDeletionDates, d] }))),
  fc.constant(rnCountry('abuse record', k => ({ ...k, abuseRecord: true }))),
  fc.constant(rnCountry('interpol restrictions', k => ({ ...k, interpolRestrictions: 'Supervised since 2022' }))),
  fc.constant(rnCountry('systematic torture', k => ({ ...k, systematicTorture: true }))),
  fc.constant(rnCountry('not CAT', k => ({ ...k, catParty: false }))),
  fc.constant(rnCountry('not OPCAT', k => ({ ...k, opcatParty: false }))),
  fc.constant(rnCountry('left ECHR', k => ({ ...k, echrParty: false }))),
  fc.constant(rnCountry('Not Free', k => ({ ...k, freedomStatus: 'NF' }))),
  fc.constant(rnCountry('Partly Free', k => ({ ...k, freedomStatus: k.freedomStatus === 'NF' ? 'NF' : 'PF' })))
)

export const mitigatingRedNotice: fc.Arbitrary<RnMutation> = fc.oneof(
  caseEvent.filter(e => MITIGATING_EVENTS.includes(e.type)).map(e => rnFacts(`event ${e.type}`, f => ({ ...f, events: [...f.events, e] }))),
  fc.constant(rnFacts('all charges specific', f => ({ ...f, charges: f.charges.map(ch => ({ ...ch, particulars: 'specific' as const })) }))),
  charge.map(ch => rnFacts('specific international crime charge', f => ({ ...f, charges: [...f.charges, withoutDate({ ...ch, category: 'international_crime' as const, particulars: 'specific' as const, legalProvision: 'Art. 6 Rome Statute', allegedOffenceDate: '1994-04-10' })] }))),
  fc.tuple(charge, fc.constantFrom<ChargeCategory>('violent', 'sexual'), fc.string({ minLength: 1, maxLength: 10 }).filter(s => s.trim() !== ''))
    .map(([ch, category, law]) => rnFacts(`documented ${category} charge`, f => ({ ...f, charges: [...f.charges, withoutDate({ ...ch, category, legalProvision: law, particulars: 'specific' as const, allegedOffenceDate: '2019-05-03' })] }))),
  fc.constant(rnFacts('court document', f => ({ ...f, sources: [...f.sources, { kind: 'court_document' }] }))),
  fc.constant(rnCountry('ECHR party rated Free', k => ({ ...k, echrParty: true, freedomStatus: 'F' })))
)

const asFacts = (name: string, g: (f: AssuranceFacts) => AssuranceFacts): AsMutation => ({ name, apply: (f, c) => [g(f), c] })
const asState = (name: string, g: (k: CountryContext) => CountryContext): AsMutation =>
  ({ name, apply: (f, c) => [f, { givingState: c.givingState === null ? null : g(c.givingState) }] })

export const aggravatingAssurance: fc.Arbitrary<AsMutation> = fc.constantFrom(
  asFacts('terms undisclosed', f => ({ ...f, termsDisclosed: false })),
  asFacts('general', f => ({ ...f, specificity: 'general' })),
  asFacts('oral', f => ({ ...f, form: 'oral' })),
  asFacts('does not bind state', f => ({ ...f, bindsState: false })),
  asFacts('given by embassy', f => ({ ...f, givenBy: { ...f.givenBy, level: 'embassy' } })),
  asFacts('regional authorities not bound', f => ({ ...f, bindsRegionalAuthorities: false })),
  asFacts('treatment already unlawful', f => ({ ...f, treatmentUnlawfulInGivingState: true })),
  asFacts('record breached', f => ({ ...f, priorCompliance: 'breached' })),
  asFacts('no monitoring', f => ({ ...f, monitoring: { ...f.monitoring, mechanism: 'none' } })),
  asFacts('no lawyer access', f => ({ ...f, monitoring: { ...f.monitoring, lawyerAccess: 'none' } })),
  asFacts('previously ill-treated', f => ({ ...f, subjectPreviouslyIllTreated: true })),
  asFacts('no court review', f => ({ ...f, reviewedByDomesticCourt: false })),
  asState('left ECHR', k => ({ ...k, echrParty: false })),
  asState('not CAT', k => ({ ...k, catParty: false })),
  asState('not OPCAT', k => ({ ...k, opcatParty: false })),
  asState('systematic torture', k => ({ ...k, systematicTorture: true })),
  asState('Not Free', k => ({ ...k, freedomStatus: 'NF' }))
)

export const mitigatingAssurance: fc.Arbitrary<AsMutation> = fc.constantFrom(
  asFacts('terms disclosed', f => ({ ...f, termsDisclosed: true })),
  asFacts('specific', f => ({ ...f, specificity: 'specific' })),
  asFacts('written note', f => ({ ...f, form: 'diplomatic_note' })),
  asFacts('binds state', f => ({ ...f, bindsState: true })),
  asFacts('binds regions', f => ({ ...f, bindsRegionalAuthorities: true })),
  asFacts('record kept', f => ({ ...f, priorCompliance: 'kept' })),
  asFacts('independent monitoring', f => ({ ...f, monitoring: { mechanism: 'independent_body', lawyerAccess: 'unfettered' } })),
  asFacts('court reviewed', f => ({ ...f, reviewedByDomesticCourt: true })),
  asFacts('not previously ill-treated', f => ({ ...f, subjectPreviouslyIllTreated: false })),
  asFacts('covers torture', f => f.covers === undefined ? f : { ...f, covers: [...new Set([...f.covers, 'torture_ill_treatment' as const])] }),
  asState('ECHR party', k => ({ ...k, echrParty: true })),
  asState('CAT and OPCAT party', k => ({ ...k, catParty: true, opcatParty: true })),
  asState('no systematic torture', k => ({ ...k, systematicTorture: false })),
  asState('Free', k => ({ ...k, freedomStatus: 'F' }))
)
