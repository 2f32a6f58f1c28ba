/**
 * Red-notice report schemas: POST body, PATCH body, and the two response views.
 *
 * Identity split (api.md "Identities and pseudonyms"): identifying members are declared in their
 * own property groups (`*Identity`) and spread only into the input and the reporter's view. The
 * pseudonymised view is built from the fact groups alone, so fast-json-stringify, which writes
 * only declared properties, cannot emit an identity to an analyst whatever the handler returns. The one
 * exception, an analyst's list page, writes the stored facts' text as it is; migration 0041's CHECK on the
 * stored facts refuses the identifying members named here (docs/security.md §5.1).
 *
 * Identifying: `subject.fullName|aliases|dateOfBirth|notes`, `charges[].description`, `events[].note` and
 * `sources[].reference` (api.md: notes of any kind, source references, and any free text that can name a
 * person: docs/disclosure-policy.md), and `interpolNoticeId`,
 * which opens the person's public notice, name and photograph included.
 */
import { Type, type Static } from 'typebox'
import {
  closed, CountryCodeSchema, DateSchema, Nullable, Page, RevisionSchema, Text, TimestampSchema, UuidSchema
} from './common.ts'
import { optional, removable } from './shape.ts'
import { ScoreSummarySchema } from './scores.ts'
import {
  AsylumStatusSchema, ChargeCategorySchema, ChargeParticularsSchema, EVENT_TYPES_WITH_GROUNDS, EventTypeSchema, GenderSchema,
  GroundsSchema, MechanismSchema, PoliticalContextTypeSchema, PROFILES, ProfileSchema, RedNoticeStatusSchema,
  ScoreStatusSchema, SourceKindSchema
} from './vocabularies.ts'
import { RED_NOTICE_EXAMPLE } from './examples.ts'
import { named } from './named.ts'

const Country = (description: string) => Type.String({ ...CountryCodeSchema, description })
const On = (description: string) => Type.String({ ...DateSchema, description })

// ---- subject -------------------------------------------------------------------------------

const subjectIdentityRequired = {
  fullName: Text(300, { minLength: 1, description: 'Full name. **Identifying**: encrypted, shown only to the reporting partner.', examples: ['Aslan Testov'] })
}
const subjectIdentityOptional = {
  aliases: Type.Array(Text(300, { minLength: 1 }), { maxItems: 20, description: 'Other names and transliterations. **Identifying**.' }),
  dateOfBirth: On('Date of birth. **Identifying**. Leave out when only the year is known and say so in `notes`.'),
  notes: Text(5000, { description: 'Anything else about the person. **Identifying**.' })
}

/** Members of `subject` that name or single out the person; never shown to analysts. */
export const IDENTITY_FIELDS = Object.freeze([
  ...Object.keys(subjectIdentityRequired), ...Object.keys(subjectIdentityOptional)
] as Array<keyof typeof subjectIdentityRequired | keyof typeof subjectIdentityOptional>)

const asylumMembers = {
  country: Country('State that granted or is examining protection.'),
  since: On('Date of the decision or application.')
}
const AsylumSchema = named('Asylum', Type.Object({ status: AsylumStatusSchema, ...optional(asylumMembers) }, {
  ...closed, description: 'Protection status of the person.'
}))
const AsylumPatchSchema = Type.Object({ status: Type.Optional(AsylumStatusSchema), ...removable(asylumMembers) }, {
  ...closed, minProperties: 1
})

const subjectFacts = {
  nationalities: Type.Array(CountryCodeSchema, { maxItems: 10, uniqueItems: true, description: 'Citizenships, ISO 3166-1 alpha-2.' }),
  currentCountry: Country('Where the person is now.'),
  gender: GenderSchema,
  ethnicity: Text(100, { description: 'Free text, e.g. `Chechen`. Special-category data (GDPR Art. 9).', examples: ['Chechen'] }),
  religion: Text(100, { description: 'Free text, e.g. `Muslim`. Special-category data (GDPR Art. 9).', examples: ['Muslim'] }),
  profiles: Type.Array(ProfileSchema, { maxItems: PROFILES.length, uniqueItems: true, description: 'Why the person may be targeted.' }),
  asylum: AsylumSchema,
  leftRequestingCountryOn: On('When the person left the requesting state.'),
  priorIllTreatmentInRequestingCountry: Type.Boolean({ description: 'Was the person ill-treated in the requesting state before?' }),
  relativesPressured: Type.Boolean({ description: 'Are relatives in the requesting state detained, questioned or pressured?' })
}

const SubjectInputSchema = named('SubjectInput', Type.Object({
  ...subjectIdentityRequired, ...optional(subjectIdentityOptional), ...optional(subjectFacts)
}, { ...closed, description: 'The person sought.' }))

// ---- charges, events, sources --------------------------------------------------------------

// The charge's wording is free text that can name the person, relatives or co-accused: identifying, like notes.
const chargeIdentity = {
  description: Text(2000, { minLength: 1, description: 'The charge in the requesting state\'s wording. **Identifying** (free text can name people): encrypted, shown only to the reporting partner; analysts see the category.', examples: ['Participation in an illegal armed formation'] })
}
/** Members of each charge that are identifying. */
export const CHARGE_IDENTITY_FIELDS = Object.freeze(Object.keys(chargeIdentity) as Array<keyof typeof chargeIdentity>)
const chargeFacts = {
  legalProvision: Type.Optional(Text(200, { description: 'Statute cited.', examples: ['Criminal Code of the Russian Federation, Article 208 Part 2'] })),
  category: ChargeCategorySchema,
  allegedOffenceDate: Type.Optional(On('When the offence allegedly happened.')),
  chargedOn: Type.Optional(On('When the charge was brought (indictment or opening of the case against the person).')),
  particulars: Type.Optional(ChargeParticularsSchema)
}
const ChargeSchema = Type.Object({ ...chargeIdentity, ...chargeFacts }, closed)

const PoliticalContextSchema = Type.Object({
  type: PoliticalContextTypeSchema,
  date: Type.Optional(On('When it happened; compared with the charges\' `chargedOn` (or `issuedOn`) to read timing.'))
}, { ...closed, description: 'A political event known at first report, e.g. a change of government or the start of the person\'s political activity.' })

const eventFacts = {
  type: EventTypeSchema,
  ...optional({ date: On('When it happened.'), country: Country('Where it happened.'), grounds: GroundsSchema })
}
const eventIdentity = { note: Text(2000, { description: 'Free-text note. **Identifying** (notes of any kind are).' }) }
/** Members of each event that are identifying. */
export const EVENT_IDENTITY_FIELDS = Object.freeze(Object.keys(eventIdentity) as Array<keyof typeof eventIdentity>)

const EventInputSchema = named('RedNoticeEvent', Type.Object({ ...eventFacts, ...optional(eventIdentity) }, {
  ...closed,
  description: '`grounds` is accepted only on `extradition_refused` and `notice_deleted`.',
  // Written as anyOf rather than if/then so the schema stays valid in OpenAPI 3.0 documents.
  anyOf: [
    { properties: { type: { enum: [...EVENT_TYPES_WITH_GROUNDS] } } },
    { not: { required: ['grounds'] } }
  ]
}))

const sourceFacts = optional({ kind: SourceKindSchema, date: On('Date of the source.') })
const sourceIdentity = {
  reference: Text(2000, { description: 'URL, file reference or citation. **Identifying**: a source usually names the person.', examples: ['https://ws-public.interpol.int/notices/v1/red/2019-114539'] })
}
/** Members of each source that are identifying. */
export const SOURCE_IDENTITY_FIELDS = Object.freeze(Object.keys(sourceIdentity) as Array<keyof typeof sourceIdentity>)

const SourceInputSchema = named('RedNoticeSource', Type.Object({ ...sourceFacts, ...optional(sourceIdentity) }, { ...closed, minProperties: 1 }))

// ---- the report ----------------------------------------------------------------------------

const reportRequired = {
  mechanism: MechanismSchema,
  requestingCountry: Country('The state seeking the person.')
}
const reportOptional = {
  issuedOn: On('When the notice, diffusion or request was issued.'),
  status: RedNoticeStatusSchema,
  charges: Type.Array(named('Charge', ChargeSchema), { maxItems: 50 }),
  linkedReportIds: Type.Array(UuidSchema, { maxItems: 50, uniqueItems: true, description: 'Other reports about relatives or co-accused.' }),
  politicalContext: Type.Array(named('PoliticalEvent', PoliticalContextSchema), { maxItems: 10, description: 'Political events in the person\'s life or in the requesting state, with dates where known.' })
}
// Interpol's id resolves, on Interpol's public site, to the person's name and photograph, so it
// is as identifying as a name. The pattern also admits control numbers such as `A-1234/5-2019`.
const reportIdentity = {
  interpolNoticeId: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9 ./-]*$',
    maxLength: 40,
    description: 'Interpol\'s id of the notice or diffusion, where known. **Identifying**: it leads to the person\'s public notice.',
    examples: ['2019/114539']
  })
}
/** Top-level members of a report that are identifying. */
export const REPORT_IDENTITY_FIELDS = Object.freeze(Object.keys(reportIdentity) as Array<keyof typeof reportIdentity>)

export const RedNoticeInputSchema = named('RedNoticeInput', Type.Object({
  ...reportRequired,
  ...optional(reportIdentity),
  ...optional(reportOptional),
  subject: SubjectInputSchema,
  events: Type.Optional(Type.Array(EventInputSchema, { maxItems: 200 })),
  sources: Type.Optional(Type.Array(SourceInputSchema, { maxItems: 50 }))
}, {
  ...closed,
  description: 'A red-notice report as filed by a partner (POST body). Members marked **Identifying** are encrypted and shown only to the reporting partner.',
  examples: [RED_NOTICE_EXAMPLE]
}))
export type RedNoticeInput = Static<typeof RedNoticeInputSchema>

export const RedNoticePatchSchema = named('RedNoticePatch', Type.Object({
  ...optional(reportRequired),
  ...removable(reportIdentity),
  ...removable(reportOptional),
  subject: Type.Optional(Type.Object({
    ...optional(subjectIdentityRequired),
    ...removable(subjectIdentityOptional),
    ...removable({ ...subjectFacts, asylum: AsylumPatchSchema })
  }, { ...closed, minProperties: 1 })),
  events: Type.Optional(Nullable(Type.Array(EventInputSchema, { maxItems: 200 }))),
  sources: Type.Optional(Nullable(Type.Array(SourceInputSchema, { maxItems: 50 })))
}, {
  ...closed,
  minProperties: 1,
  description: 'JSON Merge Patch (RFC 7396) of a report, sent with `If-Match: <revision>`. ' +
    'A member left out is unchanged; `null` removes an optional member; objects (`subject`, `subject.asylum`) ' +
    'are merged member by member, so changing `subject.profiles` does not require resending the name; ' +
    'arrays (`charges`, `events`, `sources`, `aliases`, ...) are replaced whole. Required members cannot be ' +
    'removed. The merged result must be a valid report, otherwise 422.',
  examples: [{ status: 'challenged', subject: { asylum: { status: 'recognized_refugee', country: 'FR', since: '2021-04-02' } } }]
}))
export type RedNoticePatch = Static<typeof RedNoticePatchSchema>

// ---- responses ------------------------------------------------------------------------------

const recordMeta = {
  id: UuidSchema,
  subjectId: Type.String({ ...UuidSchema, description: 'Stable pseudonym of the person: the same for every report found to concern them.' }),
  revision: RevisionSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  withdrawnAt: Nullable(TimestampSchema, { description: 'Set when the reporter withdrew the report; it stays for history.' }),
  erasedAt: Nullable(TimestampSchema, { description: 'Set when an admin erased the identities for good; identifying members are then absent.' }),
  scoreStatus: ScoreStatusSchema,
  otherReportsOnSubject: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'How many other reports concern the same person (never whose).' }),
  currentScore: Type.Optional(ScoreSummarySchema)
}

/** A report without any identifying member; also the shape that may be stored in clear. */
export const RedNoticeFactsSchema = named('RedNoticeFacts', Type.Object({
  ...reportRequired,
  ...optional(reportOptional),
  charges: Type.Optional(Type.Array(Type.Object(chargeFacts, closed), { maxItems: 50 })),
  subject: Type.Object(optional(subjectFacts), closed),
  events: Type.Optional(Type.Array(Type.Object(eventFacts, closed), { maxItems: 200 })),
  sources: Type.Optional(Type.Array(Type.Object(sourceFacts, closed), { maxItems: 50 }))
}, closed))
export type RedNoticeFacts = Static<typeof RedNoticeFactsSchema>

export const RedNoticePseudonymisedSchema = named('RedNoticePseudonymised', Type.Object({
  ...recordMeta,
  ...RedNoticeFactsSchema.properties
}, {
  ...closed,
  description: 'A report as analysts and admins see it: identifying members are left out, the person is known only by `subjectId`.'
}))
export type RedNoticePseudonymised = Static<typeof RedNoticePseudonymisedSchema>

export const RedNoticeSchema = named('RedNotice', Type.Object({
  ...recordMeta,
  ...reportRequired,
  ...optional(reportIdentity),
  ...optional(reportOptional),
  // Identities are optional here because an erased report keeps its facts but loses them.
  subject: Type.Object({ ...optional({ ...subjectIdentityRequired, ...subjectIdentityOptional }), ...optional(subjectFacts) }, closed),
  // The wording is optional here because an erased report keeps its charges' categories but loses it.
  charges: Type.Optional(Type.Array(Type.Object({ ...optional(chargeIdentity), ...chargeFacts }, closed), { maxItems: 50 })),
  events: Type.Optional(Type.Array(Type.Object({ ...eventFacts, ...optional(eventIdentity) }, closed), { maxItems: 200 })),
  sources: Type.Optional(Type.Array(Type.Object({ ...sourceFacts, ...optional(sourceIdentity) }, closed), { maxItems: 50 }))
}, {
  ...closed,
  description: 'A report as its reporting partner sees it, identities included (each such read is audited).'
}))
export type RedNotice = Static<typeof RedNoticeSchema>

export const RedNoticePageSchema = named('RedNoticePage', Page(RedNoticeSchema, 'A page of the partner\'s own reports.'))
export const RedNoticePseudonymisedPageSchema = named('RedNoticePseudonymisedPage', Page(RedNoticePseudonymisedSchema, 'A page of reports, pseudonymised.'))
