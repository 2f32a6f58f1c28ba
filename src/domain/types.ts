import type {
  AsylumStatus, AssuranceForm, AssuranceGiverLevel, AssuranceSpecificity, AssuranceSubject, Band, ChargeCategory, ChargeParticulars, EventType,
  FreedomStatus, Grounds, LawyerAccess, Mechanism, MonitoringMechanism, NoticeStatus, PoliticalContextType, PriorCompliance, Profile,
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
  /** When the charge was brought (indictment or opening of the case against the person). */
  chargedOn?: IsoDate
  /** `specific`: names a checkable act (date, place, victims or damage); `general`: a vague formula. */
  particulars?: ChargeParticulars
}

/** A political event in the person's life or the requesting state; timing is read against `chargedOn`. */
export interface PoliticalContextEvent {
  type: PoliticalContextType
  date?: IsoDate
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
  /** Optional so facts built before the field existed stay valid; absent means none known. */
  politicalContext?: PoliticalContextEvent[]
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
  /** What the assurance promises; read by ruleset 2026.12.3 and later. */
  covers?: AssuranceSubject[]
  treatmentUnlawfulInGivingState?: boolean
  monitoring?: { mechanism?: MonitoringMechanism, lawyerAccess?: LawyerAccess }
  priorCompliance?: PriorCompliance
  subjectPreviouslyIllTreated?: boolean
  reviewedByDomesticCourt?: boolean
}

export interface SourceRef {
  /** One-line citation, kept for clients of the first contract. */
  citation: string
  /** Title of the document (judgment, rule, report). Shown in explanations only with a link or reference. */
  title?: string
  /** Who issued it: court, Interpol organ, NGO, publisher. */
  publisher?: string
  /** Date of the document, YYYY, YYYY-MM or YYYY-MM-DD. */
  date?: string
  url?: string
  /** Case number or official document reference, e.g. `CAT/C/34/D/233/2003`. */
  reference?: string
  /** Not yet re-confirmed against the primary text: kept for maintainers, never shown in scores. */
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
  /**
   * Reference data of other states the facts name (e.g. the state whose court convicted co-defendants).
   * Optional: without it, rules know only the requesting state.
   */
  countryOf?: (code: CountryCode) => CountryContext | null
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

/**
 * What is stored of a contribution: the explanation less the text it shares with every report scored under
 * the same ruleset (the indicator's description, the evidence in words, the citations), which
 * `renderContribution` derives again on read. `fact` is the rule's sentence stating what it found.
 */
export interface StoredContribution {
  indicatorId: string
  points: number
  evidence: string[]
  fact: string
}

export interface ScoreResult<C = Contribution> {
  /** clamp(round(rawTotal), 0, 100). */
  score: number
  band: Band
  rulesetVersion: string
  /** Exactly the sum of `contributions[].points`. */
  rawTotal: number
  contributions: C[]
}

/** A score as the workers store it: contributions without their explanation text. */
export type CompactScoreResult = ScoreResult<StoredContribution>
