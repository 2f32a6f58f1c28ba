/**
 * Diplomatic-assurance schemas, following the eleven Othman factors (docs/domain.md §4.1).
 *
 * Same identity split as red-notices.ts: `subjectFullName` and `notes` are declared apart and
 * never spread into the pseudonymised view.
 */
import { Type, type Static } from 'typebox'
import {
  closed, CountryCodeSchema, DateSchema, Nullable, Page, RevisionSchema, Text, TimestampSchema, UuidSchema
} from './common.ts'
import { optional, removable } from './shape.ts'
import { ScoreSummarySchema } from './scores.ts'
import {
  ASSURANCE_SUBJECTS, AssuranceFormSchema, AssuranceSubjectSchema, GivenByLevelSchema, LawyerAccessSchema, MonitoringMechanismSchema,
  PriorComplianceSchema, ScoreStatusSchema, SpecificitySchema
} from './vocabularies.ts'
import { ASSURANCE_EXAMPLE } from './examples.ts'
import { named } from './named.ts'

const Country = (description: string) => Type.String({ ...CountryCodeSchema, description })
const Flag = (description: string) => Type.Boolean({ description })

const givenByMembers = {
  authority: Text(300, { minLength: 1, description: 'Who gave it, as written in the assurance.', examples: ['Office of the Prosecutor General'] }),
  level: GivenByLevelSchema
}
const monitoringMembers = {
  mechanism: MonitoringMechanismSchema,
  lawyerAccess: LawyerAccessSchema
}
const GivenBySchema = named('AssuranceGivenBy', Type.Object(optional(givenByMembers), { ...closed, minProperties: 1, description: 'Authority that gave the assurance (Othman factor 3).' }))
const MonitoringSchema = named('AssuranceMonitoring', Type.Object(optional(monitoringMembers), { ...closed, minProperties: 1, description: 'How compliance can be verified (Othman factor 8).' }))

const assuranceRequired = {
  givingState: Country('The state giving the assurance: the one that wants the person handed over.'),
  receivingState: Country('The state receiving the assurance: the one that would hand the person over.')
}
const assuranceOptional = {
  givenOn: Type.String({ ...DateSchema, description: 'When the assurance was given.' }),
  redNoticeId: Type.String({ ...UuidSchema, description: 'The red-notice report this assurance concerns, if filed here.' }),
  givenBy: GivenBySchema,
  bindsState: Flag('Does the giver have authority to bind the state (factor 3)?'),
  bindsRegionalAuthorities: Flag('Would regional or local authorities, e.g. Chechen security forces, be bound by it (factor 4)?'),
  form: AssuranceFormSchema,
  termsDisclosed: Flag('Have the actual terms been disclosed (factor 1)?'),
  specificity: SpecificitySchema,
  covers: Type.Array(AssuranceSubjectSchema, {
    minItems: 1,
    maxItems: ASSURANCE_SUBJECTS.length,
    uniqueItems: true,
    description: 'What the assurance promises, as far as the reporter knows its terms. An assurance that does not promise protection from torture or ill-treatment leaves that risk unaddressed (Othman, § 187).'
  }),
  treatmentUnlawfulInGivingState: Flag('Is the treatment it rules out already unlawful in the giving state (factor 5)?'),
  monitoring: MonitoringSchema,
  priorCompliance: PriorComplianceSchema,
  subjectPreviouslyIllTreated: Flag('Was this person ill-treated in the giving state before (factor 10)?'),
  reviewedByDomesticCourt: Flag('Have the receiving state\'s courts examined the assurance (factor 11)?')
}
const assuranceIdentity = {
  subjectFullName: Text(300, { minLength: 1, description: 'Name of the person, when there is no `redNoticeId`. **Identifying**.' }),
  notes: Text(5000, { description: 'Free-text notes. **Identifying** (notes of any kind are).' })
}
/** Members of an assurance that are identifying: encrypted and shown only to the reporting partner. */
export const ASSURANCE_IDENTITY_FIELDS = Object.freeze(Object.keys(assuranceIdentity) as Array<keyof typeof assuranceIdentity>)

export const AssuranceInputSchema = named('AssuranceInput', Type.Object({
  ...assuranceRequired,
  ...optional(assuranceOptional),
  ...optional(assuranceIdentity)
}, {
  ...closed,
  description: 'A diplomatic assurance against torture or ill-treatment (POST body).',
  examples: [ASSURANCE_EXAMPLE]
}))
export type AssuranceInput = Static<typeof AssuranceInputSchema>

export const AssurancePatchSchema = named('AssurancePatch', Type.Object({
  ...optional(assuranceRequired),
  ...removable({
    ...assuranceOptional,
    givenBy: Type.Object(removable(givenByMembers), { ...closed, minProperties: 1 }),
    monitoring: Type.Object(removable(monitoringMembers), { ...closed, minProperties: 1 })
  }),
  ...removable(assuranceIdentity)
}, {
  ...closed,
  minProperties: 1,
  description: 'JSON Merge Patch (RFC 7396) of an assurance, sent with `If-Match: <revision>`. ' +
    'A member left out is unchanged; `null` removes an optional member; `givenBy` and `monitoring` are merged ' +
    'member by member. Required members cannot be removed. The merged result must be a valid assurance, otherwise 422.',
  examples: [{ priorCompliance: 'breached', monitoring: { lawyerAccess: 'none' } }]
}))
export type AssurancePatch = Static<typeof AssurancePatchSchema>

const recordMeta = {
  id: UuidSchema,
  subjectId: Nullable(Type.String({ ...UuidSchema }), {
    description: 'Pseudonym of the person (the same as on their red-notice reports); null when the assurance names nobody.'
  }),
  revision: RevisionSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  withdrawnAt: Nullable(TimestampSchema, { description: 'Set when the reporter withdrew the record; it stays for history.' }),
  erasedAt: Nullable(TimestampSchema, { description: 'Set when an admin erased the identities; identifying members are then absent.' }),
  scoreStatus: ScoreStatusSchema,
  currentScore: Type.Optional(ScoreSummarySchema)
}

/** An assurance without identifying members; also the shape that may be stored in clear. */
export const AssuranceFactsSchema = named('AssuranceFacts', Type.Object({ ...assuranceRequired, ...optional(assuranceOptional) }, closed))
export type AssuranceFacts = Static<typeof AssuranceFactsSchema>

export const AssurancePseudonymisedSchema = named('AssurancePseudonymised', Type.Object({
  ...recordMeta,
  ...AssuranceFactsSchema.properties
}, { ...closed, description: 'An assurance as analysts and admins see it: identifying members left out.' }))
export type AssurancePseudonymised = Static<typeof AssurancePseudonymisedSchema>

export const AssuranceSchema = named('Assurance', Type.Object({
  ...recordMeta,
  ...AssuranceFactsSchema.properties,
  ...optional(assuranceIdentity)
}, { ...closed, description: 'An assurance as its reporting partner sees it, identities included.' }))
export type Assurance = Static<typeof AssuranceSchema>

export const AssurancePageSchema = named('AssurancePage', Page(AssuranceSchema, 'A page of the partner\'s own assurances.'))
export const AssurancePseudonymisedPageSchema = named('AssurancePseudonymisedPage', Page(AssurancePseudonymisedSchema, 'A page of assurances, pseudonymised.'))
