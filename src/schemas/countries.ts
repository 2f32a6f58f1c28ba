/**
 * Country reference data (api.md "Reference data and rules"): the context the scorer reads about a
 * requesting or giving state. `null` means "not established": rules treat it as no evidence either way.
 */
import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, DateSchema, Nullable, Text, TimestampSchema, UuidSchema } from './common.ts'
import { named } from './named.ts'

const SourceRefSchema = named('CountrySource', Closed({
  citation: Text(1000, { minLength: 1, description: 'The source, cited.' }),
  title: Type.Optional(Text(1000, { minLength: 1, description: 'Title of the document.' })),
  publisher: Type.Optional(Text(300, { minLength: 1, description: 'Who issued it.' })),
  date: Type.Optional(Text(10, { pattern: '^([0-9]{4}|[0-9]{4}-[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2})$', description: 'YYYY, YYYY-MM or YYYY-MM-DD.' })),
  reference: Type.Optional(Text(500, { minLength: 1, description: 'Case number or official document reference.' })),
  url: Type.Optional(Text(2000, { format: 'uri', description: 'Where to read it.' })),
  unverified: Type.Optional(Type.Boolean({ description: 'Not re-confirmed against a primary text: a lead, not a fact.' }))
}))

const countryFields = {
  name: Text(200, { minLength: 1, examples: ['Russian Federation'] }),
  echrParty: Type.Boolean({ description: 'Party to the European Convention on Human Rights today.' }),
  echrLeftOn: Nullable(Type.String({ ...DateSchema, description: 'When the state ceased to be a party, if it did.' })),
  catParty: Nullable(Type.Boolean({ description: 'Party to the UN Convention against Torture.' })),
  opcatParty: Nullable(Type.Boolean({ description: 'Party to its Optional Protocol (preventive visits).' })),
  freedomScore: Nullable(Type.Integer({ minimum: 0, maximum: 100, description: 'Freedom House "Freedom in the World" total score.', examples: [16] })),
  freedomStatus: Nullable(Type.Enum(['F', 'PF', 'NF'] as const, { type: 'string', description: 'Free, Partly Free, Not Free.' })),
  freedomYear: Nullable(Type.Integer({ minimum: 1970, maximum: 2100, description: 'Data year the Freedom House rating describes.', examples: [2022] })),
  freedomEdition: Nullable(Type.Integer({ minimum: 1970, maximum: 2100, description: 'Freedom House edition the rating comes from.', examples: [2023] })),
  interpolRestrictions: Nullable(Text(2000, { description: 'Measures Interpol took against this member\'s use of its channels.' })),
  systematicTorture: Nullable(Type.Boolean({ description: 'Torture found systematic or widespread by UN or regional bodies.' })),
  abuseRecord: Type.Boolean({ description: 'The NCB is named in published sources as having abused Interpol\'s channels.' }),
  notes: Type.Array(Text(2000), { maxItems: 50, description: 'Remarks on the data, e.g. what is unverified.' }),
  sources: Type.Array(SourceRefSchema, { maxItems: 50 })
}

export const CountryCodeParamsSchema = Closed({ code: CountryCodeSchema })

/** PUT body: a full replacement; every member is required (write `null` for "not established"). */
export const CountryInputSchema = named('CountryInput', Closed(countryFields, { description: 'The complete reference data of one state.' }))
export type CountryInput = Static<typeof CountryInputSchema>

export const CountrySchema = named('Country', Closed({ code: CountryCodeSchema, ...countryFields, updatedAt: TimestampSchema }))
export type Country = Static<typeof CountrySchema>

export const CountryListSchema = named('CountryList', Closed({ items: Type.Array(CountrySchema, { maxItems: 500 }) }, { description: 'Every state with reference data, by code.' }))

export const CountryUpdatedSchema = named('CountryUpdated', Closed({
  ...CountrySchema.properties,
  rescoringRunId: Nullable(Type.String({ ...UuidSchema, description: 'The run rescoring this state\'s reports (`GET /v1/rescoring-runs/{id}`); null when nothing that scoring reads changed.' }))
}))
