/**
 * Every vocabulary of docs/api.md, as `as const` arrays (for code) and TypeBox enums (for
 * validation and the OpenAPI document). The contract only ever adds values, never renames, so
 * appending to an array is the only legitimate edit here.
 */
import { Type } from 'typebox'

// `type: 'string'` next to `enum` gives OpenAPI generators a concrete type and lets
// fast-json-stringify pick its string serialiser instead of a generic one.
function vocabulary<const V extends readonly string[]> (values: V, description: string) {
  return Type.Enum(values, { type: 'string', description })
}

export const MECHANISMS = ['red_notice', 'diffusion', 'extradition_request', 'wanted_list', 'deportation', 'entry_refusal'] as const
export const RED_NOTICE_STATUSES = ['requested', 'active', 'challenged', 'deleted', 'withdrawn', 'unknown'] as const
export const PROFILES = [
  'political_opposition', 'activist', 'journalist', 'human_rights_defender', 'lawyer', 'ngo_worker',
  'religious_figure', 'lgbti', 'ethnic_minority', 'religious_minority', 'relative_of_targeted_person',
  'business_person', 'former_official', 'conscientious_objector', 'deserter', 'draft_evader',
  'whistleblower', 'athlete', 'artist'
] as const
export const CHARGE_CATEGORIES = [
  'terrorism', 'extremism', 'armed_group', 'speech', 'insult_or_honour', 'assembly_or_protest',
  'military_service', 'economic', 'fraud', 'violent', 'drugs', 'sexual', 'property',
  'private_dispute', 'administrative', 'other'
] as const
export const EVENT_TYPES = [
  'notice_published', 'notice_deleted', 'ccf_complaint', 'ccf_decision', 'arrest', 'detention',
  'release', 'extradition_requested', 'extradition_approved', 'extradition_refused',
  'interim_measures', 'deported', 'asylum_granted', 'asylum_refused', 'conviction_in_absentia',
  'charges_changed', 'relatives_targeted', 'ill_treatment_reported', 'disappeared'
] as const
/** The only event types that may carry `grounds` (api.md). */
export const EVENT_TYPES_WITH_GROUNDS = ['extradition_refused', 'notice_deleted'] as const
export const GROUNDS = ['political', 'torture_risk', 'insufficient_evidence', 'refugee_status', 'procedural', 'other'] as const
export const SOURCE_KINDS = ['court_document', 'official_statement', 'media', 'ngo_report', 'interview', 'interpol_public', 'other'] as const
export const ASYLUM_STATUSES = ['none', 'applied', 'recognized_refugee', 'subsidiary_protection', 'rejected', 'naturalized'] as const
/**
 * api.md names `gender` but no vocabulary; this one is ours. Interpol's `sex_id` F/M/U maps onto
 * female/male/unknown.
 */
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const

export const GIVEN_BY_LEVELS = ['head_of_state', 'central_government', 'prosecutor_general', 'ministry', 'embassy', 'regional_authority', 'other'] as const
export const ASSURANCE_FORMS = ['memorandum_of_understanding', 'diplomatic_note', 'letter', 'oral', 'other'] as const
export const SPECIFICITIES = ['specific', 'general'] as const
export const MONITORING_MECHANISMS = ['none', 'consular_visits', 'independent_body', 'ngo_access'] as const
export const LAWYER_ACCESS = ['unfettered', 'limited', 'none'] as const
export const PRIOR_COMPLIANCE = ['kept', 'breached', 'unknown'] as const

export const SCORE_BANDS = ['low', 'elevated', 'high', 'critical'] as const
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
export type MonitoringMechanism = typeof MONITORING_MECHANISMS[number]
export type LawyerAccess = typeof LAWYER_ACCESS[number]
export type PriorCompliance = typeof PRIOR_COMPLIANCE[number]
export type ScoreBand = typeof SCORE_BANDS[number]
export type ScoreStatus = typeof SCORE_STATUSES[number]

export const MechanismSchema = vocabulary(MECHANISMS, 'How the requesting state is seeking the person.')
export const RedNoticeStatusSchema = vocabulary(RED_NOTICE_STATUSES, 'Current state of the notice or request, as far as the reporter knows.')
export const ProfileSchema = vocabulary(PROFILES, 'Why the person may be a target.')
export const ChargeCategorySchema = vocabulary(CHARGE_CATEGORIES, 'Kind of offence alleged; `other` when none fits.')
export const EventTypeSchema = vocabulary(EVENT_TYPES, 'What happened.')
export const GroundsSchema = vocabulary(GROUNDS, 'Why a notice was deleted or an extradition refused.')
export const SourceKindSchema = vocabulary(SOURCE_KINDS, 'What kind of source backs the report.')
export const AsylumStatusSchema = vocabulary(ASYLUM_STATUSES, 'Protection status of the person.')
export const GenderSchema = vocabulary(GENDERS, 'Gender of the person as recorded by the reporter.')
export const GivenByLevelSchema = vocabulary(GIVEN_BY_LEVELS, 'Rank of the authority that gave the assurance (Othman factor 3).')
export const AssuranceFormSchema = vocabulary(ASSURANCE_FORMS, 'Form of the assurance.')
export const SpecificitySchema = vocabulary(SPECIFICITIES, 'Whether the assurance is specific to this person or general and vague (Othman factor 2).')
export const MonitoringMechanismSchema = vocabulary(MONITORING_MECHANISMS, 'Who can check compliance after the transfer (Othman factor 8).')
export const LawyerAccessSchema = vocabulary(LAWYER_ACCESS, 'Whether the person\'s lawyers can see them (Othman factor 8).')
export const PriorComplianceSchema = vocabulary(PRIOR_COMPLIANCE, 'The giving state\'s record with similar assurances (Othman factor 7).')
export const ScoreBandSchema = vocabulary(SCORE_BANDS, 'Band of the score.')
export const ScoreStatusSchema = vocabulary(SCORE_STATUSES, 'Whether the current revision has been scored.')
