import type {
  AsylumStatus, AssuranceForm, AssuranceGiverLevel, AssuranceSpecificity, Band, ChargeCategory, EventType,
  FreedomStatus, Grounds, LawyerAccess, Mechanism, MonitoringMechanism, NoticeStatus, PriorCompliance, Profile,
  SourceKind
} from './vocabulary.ts'

export * from './vocabulary.ts'

// Scoring inputs are declared here, not taken from database rows: the worker maps rows to these, so the
// domain never depends on storage. Identifying fields (fullName, aliases, dateOfBirth, notes, source
// references) are deliberately absent: no rule may read them, and a score can therefore never leak them.

/** Dates are `YYYY-MM-DD` (api.md); countries ISO 3166-1 alpha-2. */
export type IsoDate = string
export type CountryCode = string

export interface Asylum {
  status: AsylumStatus
  country?: CountryCode
  since?: IsoDate
}

export interface SubjectFacts {
  nationalities?: CountryCode[]
  currentCountry?: CountryCode
  gender?: string
  /** Special-category data; read only to recognise minorities named in the sources. */
  ethnicity?: string
  religion?: string
  profiles?: Profile[]
  asylum?: Asylum
  leftRequestingCountryOn?: IsoDate
  priorIllTreatmentInRequestingCountry?: boolean
  relativesPressured?: boolean
}

export interface Charge {
  /** The charge's wording: identifying free text, stored encrypted and never read by the rules. */
  description?: string
  legalProvision?: string
  category: ChargeCategory
  allegedOffenceDate?: IsoDate
}

export interface CaseEvent {
  type: EventType
  date?: IsoDate
  country?: CountryCode
  /** Only meaningful for `extradition_refused` and `notice_deleted`. */
  grounds?: Grounds
}

export interface SourceFact {
  kind: SourceKind
  date?: IsoDate
}

export interface RedNoticeFacts {
  mechanism: Mechanism
  requestingCountry: CountryCode
  interpolNoticeId?: string
  issuedOn?: IsoDate
  status?: NoticeStatus
  subject: SubjectFacts
  charges: Charge[]
  events: CaseEvent[]
  sources: SourceFact[]
}

export interface AssuranceFacts {
  /** The state promising humane treatment, i.e. the state the person would be sent to. */
  givingState: CountryCode
  /** The state relying on the promise to send the person. */
  receivingState: CountryCode
  givenOn?: IsoDate
  redNoticeId?: string
  givenBy?: { authority?: string, level?: AssuranceGiverLevel }
  bindsState?: boolean
  bindsRegionalAuthorities?: boolean
  form?: AssuranceForm
  termsDisclosed?: boolean
  specificity?: AssuranceSpecificity
  treatmentUnlawfulInGivingState?: boolean
  monitoring?: { mechanism?: MonitoringMechanism, lawyerAccess?: LawyerAccess }
  priorCompliance?: PriorCompliance
  subjectPreviouslyIllTreated?: boolean
  reviewedByDomesticCourt?: boolean
}

export interface SourceRef {
  citation: string
  url?: string
  /** domain.md could not re-confirm this against a primary text: show it as a lead, not a fact. */
  unverified?: boolean
}

/**
 * Reference data about one state. `null` means "not established in our sources"; rules treat it as no
 * evidence either way, so unknown treaty status never adds or removes points.
 */
export interface CountryContext {
  code: CountryCode
  name: string
  echrParty: boolean
  echrLeftOn?: IsoDate | null
  catParty: boolean | null
  opcatParty: boolean | null
  freedomScore: number | null
  freedomStatus: FreedomStatus | null
  /** Freedom House data year (the 2023 edition rates calendar year 2022). */
  freedomYear: number | null
  freedomEdition?: number | null
  interpolRestrictions: string | null
  systematicTorture: boolean | null
  /** NCB named in the sources of indicator 9 (domain.md §3) as having abused Interpol's channels. */
  abuseRecord: boolean
  notes: string[]
  sources: SourceRef[]
}

/** What other reports reveal about this case; built by `summariseLinkedReports`. */
export interface LinkedContext {
  /** Linked reports about relatives or co-accused of the subject. */
  relativesTargeted: number
  /** Other reports on the same subject recording a notice deletion (event or status `deleted`). */
  priorDeletions: number
  /** Of those, reports whose deletion grounds were political, torture risk or refugee status. */
  priorProtectiveDeletions: number
  /** Other reports on the same subject recording an extradition refusal on political, torture or refugee grounds. */
  priorProtectiveRefusals: number
  /** Dates of the deletions counted in `priorDeletions`, to detect re-filing: the same partner's reports only. */
  priorDeletionDates: IsoDate[]
  /**
   * What confirmed reports of other partners on the same person record, by kind only (docs/disclosure-policy.md);
   * each counts at most once in the counts above. Absent when they record none of these.
   */
  fromOtherPartners?: { deletion: boolean, protectiveDeletion: boolean, protectiveRefusal: boolean }
}

export interface ScoringContext {
  requestingCountry: CountryContext | null
  linked: LinkedContext
}

export interface AssuranceContext {
  givingState: CountryContext | null
}

export interface Contribution {
  indicatorId: string
  /** Signed: mitigating indicators contribute negative points. */
  points: number
  /** JSON pointers with their values, e.g. `/subject/asylum/status=recognized_refugee`. */
  evidence: string[]
  explanation: string
}

export interface ScoreResult {
  /** clamp(round(rawTotal), 0, 100). */
  score: number
  band: Band
  rulesetVersion: string
  /** Exactly the sum of `contributions[].points`. */
  rawTotal: number
  contributions: Contribution[]
}
