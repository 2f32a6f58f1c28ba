// The fixed vocabularies of the public contract (docs/api.md). They are `as const` arrays so JSON
// schemas (TypeBox `Type.Union(x.map(Type.Literal))`) and the scoring rules share one spelling.
// api.md: "Extend vocabularies only by adding values; never rename."

export const MECHANISMS = [
  'red_notice', 'diffusion', 'extradition_request', 'wanted_list', 'deportation', 'entry_refusal'
] as const
export type Mechanism = typeof MECHANISMS[number]

export const NOTICE_STATUSES = ['requested', 'active', 'challenged', 'deleted', 'withdrawn', 'unknown'] as const
export type NoticeStatus = typeof NOTICE_STATUSES[number]

export const PROFILES = [
  'political_opposition', 'activist', 'journalist', 'human_rights_defender', 'lawyer', 'ngo_worker',
  'religious_figure', 'lgbti', 'ethnic_minority', 'religious_minority', 'relative_of_targeted_person',
  'business_person', 'former_official', 'conscientious_objector', 'deserter', 'draft_evader',
  'whistleblower', 'athlete', 'artist'
] as const
export type Profile = typeof PROFILES[number]

export const ASYLUM_STATUSES = [
  'none', 'applied', 'recognized_refugee', 'subsidiary_protection', 'rejected', 'naturalized'
] as const
export type AsylumStatus = typeof ASYLUM_STATUSES[number]

export const CHARGE_CATEGORIES = [
  'terrorism', 'extremism', 'armed_group', 'speech', 'insult_or_honour', 'assembly_or_protest',
  'military_service', 'economic', 'fraud', 'violent', 'drugs', 'sexual', 'property', 'private_dispute',
  'administrative', 'other', 'international_crime', 'abuse_of_office'
] as const
export type ChargeCategory = typeof CHARGE_CATEGORIES[number]

export const EVENT_TYPES = [
  'notice_published', 'notice_deleted', 'ccf_complaint', 'ccf_decision', 'arrest', 'detention', 'release',
  'extradition_requested', 'extradition_approved', 'extradition_refused', 'interim_measures', 'deported',
  'asylum_granted', 'asylum_refused', 'conviction_in_absentia', 'charges_changed', 'relatives_targeted',
  'ill_treatment_reported', 'disappeared', 'conviction', 'co_defendants_convicted'
] as const
export type EventType = typeof EVENT_TYPES[number]

// Only meaningful on `extradition_refused` and `notice_deleted` events (api.md).
export const GROUNDS = [
  'political', 'torture_risk', 'insufficient_evidence', 'refugee_status', 'procedural', 'other'
] as const
export type Grounds = typeof GROUNDS[number]

/** How precisely a charge names the act: a checkable act (date, place, victims or damage) or a vague formula. */
export const CHARGE_PARTICULARS = ['specific', 'general'] as const
export type ChargeParticulars = typeof CHARGE_PARTICULARS[number]

/** Political events in the person's life or in the requesting state, known at first report. */
export const POLITICAL_CONTEXT_TYPES = [
  'change_of_government', 'political_activity_began', 'election', 'protest', 'public_criticism', 'defection',
  'left_office', 'armed_conflict'
] as const
export type PoliticalContextType = typeof POLITICAL_CONTEXT_TYPES[number]

export const SOURCE_KINDS = [
  'court_document', 'official_statement', 'media', 'ngo_report', 'interview', 'interpol_public', 'other'
] as const
export type SourceKind = typeof SOURCE_KINDS[number]

export const ASSURANCE_GIVER_LEVELS = [
  'head_of_state', 'central_government', 'prosecutor_general', 'ministry', 'embassy', 'regional_authority', 'other'
] as const
export type AssuranceGiverLevel = typeof ASSURANCE_GIVER_LEVELS[number]

export const ASSURANCE_FORMS = ['memorandum_of_understanding', 'diplomatic_note', 'letter', 'oral', 'other'] as const
export type AssuranceForm = typeof ASSURANCE_FORMS[number]

export const ASSURANCE_SPECIFICITIES = ['specific', 'general'] as const
export type AssuranceSpecificity = typeof ASSURANCE_SPECIFICITIES[number]

/** What an assurance promises (torture and ill-treatment, the death penalty, a fair trial, detention conditions). */
export const ASSURANCE_SUBJECTS = ['torture_ill_treatment', 'death_penalty', 'fair_trial', 'detention_conditions', 'other'] as const
export type AssuranceSubject = typeof ASSURANCE_SUBJECTS[number]

export const MONITORING_MECHANISMS = ['none', 'consular_visits', 'independent_body', 'ngo_access'] as const
export type MonitoringMechanism = typeof MONITORING_MECHANISMS[number]

export const LAWYER_ACCESS = ['unfettered', 'limited', 'none'] as const
export type LawyerAccess = typeof LAWYER_ACCESS[number]

export const PRIOR_COMPLIANCE = ['kept', 'breached', 'unknown'] as const
export type PriorCompliance = typeof PRIOR_COMPLIANCE[number]

export const FREEDOM_STATUSES = ['F', 'PF', 'NF'] as const
export type FreedomStatus = typeof FREEDOM_STATUSES[number]

export const BANDS = ['low', 'elevated', 'high', 'critical'] as const
export type Band = typeof BANDS[number]

export const APPLIES_TO = ['red_notice', 'assurance'] as const
export type AppliesTo = typeof APPLIES_TO[number]

export const INDICATOR_KINDS = ['aggravating', 'mitigating'] as const
export type IndicatorKind = typeof INDICATOR_KINDS[number]
