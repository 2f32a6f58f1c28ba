/**
 * Every vocabulary of docs/api.md, as `as const` arrays (for code) and TypeBox enums (for
 * validation and the OpenAPI document). The contract only ever adds values, never renames, so
 * appending to an array is the only legitimate edit here.
 */
import { Type } from 'typebox'
import {
  ASSURANCE_FORMS, ASSURANCE_GIVER_LEVELS, ASSURANCE_SPECIFICITIES, ASSURANCE_SUBJECTS, ASYLUM_STATUSES, BANDS, CHARGE_CATEGORIES, CHARGE_PARTICULARS,
  EVENT_TYPES, GROUNDS, LAWYER_ACCESS, MECHANISMS, MONITORING_MECHANISMS, NOTICE_STATUSES, POLITICAL_CONTEXT_TYPES, PRIOR_COMPLIANCE,
  PROFILES, SOURCE_KINDS
} from '../domain/vocabulary.ts'
import { named } from './named.ts'

// `type: 'string'` next to `enum` gives OpenAPI generators a concrete type and lets
// fast-json-stringify pick its string serialiser instead of a generic one.
function vocabulary<const V extends readonly string[]> (values: V, description: string) {
  return Type.Enum(values, { type: 'string', description })
}

// The vocabularies themselves live with the domain (the scoring rules read them); the contract's names
// for them are kept here so that clients of the schemas need not know where they come from.
export {
  ASSURANCE_FORMS, ASSURANCE_SUBJECTS, ASYLUM_STATUSES, CHARGE_CATEGORIES, EVENT_TYPES, GROUNDS, LAWYER_ACCESS, MECHANISMS,
  MONITORING_MECHANISMS, PRIOR_COMPLIANCE, PROFILES, SOURCE_KINDS, CHARGE_PARTICULARS, POLITICAL_CONTEXT_TYPES
}
export const GIVEN_BY_LEVELS = ASSURANCE_GIVER_LEVELS
export const SPECIFICITIES = ASSURANCE_SPECIFICITIES
export const SCORE_BANDS = BANDS
export const RED_NOTICE_STATUSES = NOTICE_STATUSES
/** The only event types that may carry `grounds` (api.md). */
export const EVENT_TYPES_WITH_GROUNDS = ['extradition_refused', 'notice_deleted'] as const
/**
 * api.md names `gender` but no vocabulary; this one is ours. Interpol's `sex_id` F/M/U maps onto
 * female/male/unknown.
 */
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const
/** Where a record's scoring stands; `pending` until the worker has scored the current revision. */
export const SCORE_STATUSES = ['pending', 'scored', 'failed'] as const

export type Mechanism = typeof MECHANISMS[number]
export type RedNoticeStatus = typeof RED_NOTICE_STATUSES[number]
export type Profile = typeof PROFILES[number]
export type ChargeCategory = typeof CHARGE_CATEGORIES[number]
export type EventType = typeof EVENT_TYPES[number]
export type Grounds = typeof GROUNDS[number]
export type SourceKind = typeof SOURCE_KINDS[number]
export type AsylumStatus = typeof ASYLUM_STATUSES[number]
export type Gender = typeof GENDERS[number]
export type GivenByLevel = typeof GIVEN_BY_LEVELS[number]
export type AssuranceForm = typeof ASSURANCE_FORMS[number]
export type Specificity = typeof SPECIFICITIES[number]
export type AssuranceSubject = typeof ASSURANCE_SUBJECTS[number]
export type MonitoringMechanism = typeof MONITORING_MECHANISMS[number]
export type LawyerAccess = typeof LAWYER_ACCESS[number]
export type PriorCompliance = typeof PRIOR_COMPLIANCE[number]
export type ScoreBand = typeof SCORE_BANDS[number]
export type ScoreStatus = typeof SCORE_STATUSES[number]

export const MechanismSchema = vocabulary(MECHANISMS, 'How the requesting state is seeking the person.')
export const RedNoticeStatusSchema = vocabulary(RED_NOTICE_STATUSES, 'Current state of the notice or request, as far as the reporter knows.')
export const ProfileSchema = vocabulary(PROFILES, 'Why the person may be a target.')
export const ChargeCategorySchema = vocabulary(CHARGE_CATEGORIES, 'Kind of offence alleged; `other` when none fits.')
export const EventTypeSchema = vocabulary(EVENT_TYPES, 'What happened. `conviction`: a sentence handed down after a trial the person attended (`country` = where); `co_defendants_convicted`: co-defendants convicted for the same facts (`country` = the court\'s state).')
export const ChargeParticularsSchema = vocabulary(CHARGE_PARTICULARS, '`specific`: the charge names a checkable act (date, place and victims or damage, e.g. "bombing of X market on 2014-05-03, 12 killed"); `general`: a vague formula ("participation in an extremist organisation").')
export const PoliticalContextTypeSchema = vocabulary(POLITICAL_CONTEXT_TYPES, 'A political event in the person\'s life or in the requesting state.')
export const GroundsSchema = vocabulary(GROUNDS, 'Why a notice was deleted or an extradition refused.')
export const SourceKindSchema = vocabulary(SOURCE_KINDS, 'What kind of source backs the report.')
export const AsylumStatusSchema = vocabulary(ASYLUM_STATUSES, 'Protection status of the person.')
export const GenderSchema = vocabulary(GENDERS, 'Gender of the person as recorded by the reporter.')
export const GivenByLevelSchema = vocabulary(GIVEN_BY_LEVELS, 'Rank of the authority that gave the assurance (Othman factor 3).')
export const AssuranceFormSchema = vocabulary(ASSURANCE_FORMS, 'Form of the assurance.')
export const SpecificitySchema = vocabulary(SPECIFICITIES, 'Whether the assurance is specific to this person or general and vague (Othman factor 2).')
export const AssuranceSubjectSchema = vocabulary(ASSURANCE_SUBJECTS, 'What the assurance promises: no torture or ill-treatment, no death penalty, a fair trial, detention conditions, or something else.')
export const MonitoringMechanismSchema = vocabulary(MONITORING_MECHANISMS, 'Who can check compliance after the transfer (Othman factor 8).')
export const LawyerAccessSchema = vocabulary(LAWYER_ACCESS, 'Whether the person\'s lawyers can see them (Othman factor 8).')
export const PriorComplianceSchema = vocabulary(PRIOR_COMPLIANCE, 'The giving state\'s record with similar assurances (Othman factor 7).')
export const ScoreBandSchema = vocabulary(SCORE_BANDS, 'Band of the score.')
export const ScoreStatusSchema = vocabulary(SCORE_STATUSES, 'Whether the current revision has been scored.')

// Names in the OpenAPI document (components/schemas), so clients get the vocabularies as named types. Set here,
// after the definitions and before any importer copies a schema (ES modules finish evaluating first).
for (const [name, schema] of Object.entries({
  Mechanism: MechanismSchema,
  RedNoticeStatus: RedNoticeStatusSchema,
  Profile: ProfileSchema,
  ChargeCategory: ChargeCategorySchema,
  EventType: EventTypeSchema,
  Grounds: GroundsSchema,
  SourceKind: SourceKindSchema,
  AsylumStatus: AsylumStatusSchema,
  Gender: GenderSchema,
  GivenByLevel: GivenByLevelSchema,
  AssuranceForm: AssuranceFormSchema,
  Specificity: SpecificitySchema,
  AssuranceSubject: AssuranceSubjectSchema,
  MonitoringMechanism: MonitoringMechanismSchema,
  LawyerAccess: LawyerAccessSchema,
  PriorCompliance: PriorComplianceSchema,
  ScoreBand: ScoreBandSchema,
  ScoreStatus: ScoreStatusSchema
})) named(name, schema)
