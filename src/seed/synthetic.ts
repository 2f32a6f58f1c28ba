import type { CaseEvent, Charge, ChargeCategory, Mechanism, NoticeStatus, Profile, RedNoticeFacts, SubjectFacts } from '../domain/index.ts'

// Synthetic red-notice facts for demos and benchmarks (`npm run seed`). Pure: every value comes from the
// seeded generator below, so one --seed gives the same facts on every run. Only the non-identifying `facts`
// part of a report is made: seeded reports carry no identities (no names, no birth dates, no ciphertext).

/** mulberry32: small, fast, good enough for test data; never for anything secret. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rng = () => number
type Weighted<T> = ReadonlyArray<readonly [T, number]>

function picker<T> (table: Weighted<T>): (rng: Rng) => T {
  const total = table.reduce((sum, [, w]) => sum + w, 0)
  const cumulative = table.map(([value, w], i) => [value, table.slice(0, i + 1).reduce((s, [, x]) => s + x, 0) / total] as const)
  return (rng) => {
    const r = rng()
    for (const [value, edge] of cumulative) if (r < edge) return value
    return cumulative[cumulative.length - 1]![0]
  }
}

const chance = (rng: Rng, p: number) => rng() < p
const oneOf = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)]!

/** Requesting states, weighted after the pattern of the documented abuse cases (domain.md): Russia first. */
export const pickCountry = picker<string>([
  ['RU', 34], ['TR', 12], ['CN', 8], ['TJ', 6], ['BY', 5], ['UZ', 4], ['KZ', 4], ['AZ', 3], ['EG', 3], ['IR', 3],
  ['TM', 2], ['KG', 2], ['AE', 2], ['SA', 2], ['BH', 1], ['VE', 2], ['NI', 1], ['IN', 2], ['RW', 1],
  // Some requests from states with accountable justice systems, mostly about ordinary crime.
  ['US', 2], ['DE', 1], ['FR', 1], ['IT', 1], ['ES', 1], ['PL', 1], ['GB', 1], ['UA', 1], ['GE', 1]
])
const DEMOCRACIES = new Set(['US', 'DE', 'FR', 'IT', 'ES', 'PL', 'GB', 'UA', 'GE'])

const pickMechanism = picker<Mechanism>([
  ['red_notice', 45], ['diffusion', 15], ['extradition_request', 20], ['wanted_list', 12], ['deportation', 5], ['entry_refusal', 3]
])
const pickStatus = picker<NoticeStatus | undefined>([
  ['active', 40], ['requested', 10], ['challenged', 15], ['deleted', 10], ['withdrawn', 3], ['unknown', 10], [undefined, 12]
])
const HOST_STATES = ['DE', 'FR', 'AT', 'PL', 'LT', 'GE', 'UA', 'TR', 'AE', 'ES', 'IT', 'NL', 'SE', 'FI', 'CZ', 'US', 'GB', 'KZ', 'AM', 'RS']
const pickAsylum = picker<'none' | 'applied' | 'recognized_refugee' | 'subsidiary_protection' | 'rejected' | 'naturalized'>([
  ['none', 25], ['applied', 25], ['recognized_refugee', 25], ['subsidiary_protection', 8], ['rejected', 10], ['naturalized', 7]
])

interface Archetype {
  profiles: readonly Profile[]
  charges: ReadonlyArray<readonly [ChargeCategory, string]>
  ethnicity?: string
  religion?: string
  /** How likely asylum and persecution-related events are: 1 for political cases, low for ordinary crime. */
  persecution: number
}

const ORDINARY: Archetype = {
  profiles: [],
  charges: [['fraud', 'Large-scale fraud'], ['violent', 'Murder'], ['drugs', 'Drug trafficking'], ['property', 'Theft'], ['sexual', 'Sexual assault'], ['violent', 'Armed robbery']],
  persecution: 0.1
}
const BUSINESS: Archetype = {
  profiles: ['business_person'],
  charges: [['economic', 'Misappropriation or embezzlement'], ['fraud', 'Large-scale fraud'], ['economic', 'Tax evasion'], ['economic', 'Money laundering']],
  persecution: 0.6
}
const OPPOSITION: Archetype = {
  profiles: ['political_opposition', 'activist', 'journalist', 'human_rights_defender', 'lawyer', 'whistleblower'],
  charges: [['extremism', 'Participation in an extremist organisation'], ['speech', 'Dissemination of knowingly false information'], ['insult_or_honour', 'Insulting the head of state'], ['assembly_or_protest', 'Organisation of mass riots'], ['terrorism', 'Justification of terrorism']],
  persecution: 1
}
const MILITARY: Archetype = {
  profiles: ['deserter', 'draft_evader', 'conscientious_objector'],
  charges: [['military_service', 'Evasion of military service'], ['military_service', 'Desertion']],
  persecution: 0.8
}

/** Per requesting state, the kinds of case seen in the sources, weighted. */
const ARCHETYPES: Record<string, Weighted<Archetype>> = {
  RU: [
    [{ profiles: ['ethnic_minority', 'religious_minority', 'relative_of_targeted_person'], ethnicity: 'Chechen', religion: 'Muslim', charges: [['armed_group', 'Participation in an illegal armed group'], ['extremism', 'Participation in an extremist organisation'], ['terrorism', 'Terrorist act']], persecution: 1 }, 30],
    [BUSINESS, 20], [OPPOSITION, 20], [MILITARY, 10], [{ ...OPPOSITION, profiles: ['religious_minority'], religion: "Jehovah's Witness", charges: [['extremism', 'Organisation of the activity of an extremist organisation']] }, 5], [ORDINARY, 15]
  ],
  TR: [
    [{ profiles: ['journalist', 'former_official', 'religious_figure'], charges: [['terrorism', 'Membership of an armed terrorist organisation (FETÖ)']], persecution: 1 }, 45],
    [{ profiles: ['ethnic_minority', 'political_opposition', 'activist'], ethnicity: 'Kurdish', charges: [['terrorism', 'Membership of a terrorist organisation (PKK)'], ['speech', 'Terrorist propaganda']], persecution: 1 }, 30],
    [BUSINESS, 10], [ORDINARY, 15]
  ],
  CN: [
    [{ profiles: ['ethnic_minority', 'religious_minority', 'activist'], ethnicity: 'Uyghur', religion: 'Muslim', charges: [['terrorism', 'Organising and leading a terrorist organisation'], ['extremism', 'Inciting ethnic hatred']], persecution: 1 }, 45],
    [BUSINESS, 35], [OPPOSITION, 10], [ORDINARY, 10]
  ],
  TJ: [[{ ...OPPOSITION, profiles: ['political_opposition', 'relative_of_targeted_person', 'activist'], charges: [['extremism', 'Membership of a banned party (IRPT, Group 24)'], ['terrorism', 'Public calls to extremist activity']] }, 75], [ORDINARY, 25]],
  BY: [[{ ...OPPOSITION, charges: [['assembly_or_protest', 'Organisation of actions grossly violating public order'], ['extremism', 'Creation of an extremist formation'], ['insult_or_honour', 'Insulting the president']] }, 60], [BUSINESS, 15], [MILITARY, 5], [ORDINARY, 20]],
  UZ: [[{ profiles: ['religious_minority', 'religious_figure'], religion: 'Muslim', charges: [['extremism', 'Membership of a religious extremist group'], ['terrorism', 'Encroachment on the constitutional order']], persecution: 1 }, 55], [BUSINESS, 20], [ORDINARY, 25]],
  KZ: [[OPPOSITION, 35], [BUSINESS, 45], [ORDINARY, 20]],
  AZ: [[OPPOSITION, 55], [BUSINESS, 20], [ORDINARY, 25]],
  EG: [[{ ...OPPOSITION, religion: 'Muslim', charges: [['terrorism', 'Joining a terrorist group (Muslim Brotherhood)'], ['speech', 'Spreading false news']] }, 70], [ORDINARY, 30]],
  IR: [[{ ...OPPOSITION, profiles: ['political_opposition', 'journalist', 'lgbti', 'religious_minority'] }, 65], [ORDINARY, 35]],
  TM: [[OPPOSITION, 60], [BUSINESS, 20], [ORDINARY, 20]],
  KG: [[OPPOSITION, 35], [BUSINESS, 35], [ORDINARY, 30]],
  AE: [[OPPOSITION, 35], [BUSINESS, 45], [ORDINARY, 20]],
  SA: [[OPPOSITION, 70], [ORDINARY, 30]],
  BH: [[OPPOSITION, 80], [ORDINARY, 20]],
  VE: [[OPPOSITION, 55], [BUSINESS, 25], [ORDINARY, 20]],
  NI: [[OPPOSITION, 75], [ORDINARY, 25]],
  IN: [[{ ...OPPOSITION, profiles: ['activist', 'religious_minority'], religion: 'Sikh' }, 35], [BUSINESS, 30], [ORDINARY, 35]],
  RW: [[OPPOSITION, 60], [ORDINARY, 40]]
}
const DEMOCRACY_CASES: Weighted<Archetype> = [[ORDINARY, 80], [BUSINESS, 20]]
const pickers = new Map<string, (rng: Rng) => Archetype>()
function archetypeFor (country: string, rng: Rng): Archetype {
  let pick = pickers.get(country)
  if (pick === undefined) {
    pick = picker(DEMOCRACIES.has(country) ? DEMOCRACY_CASES : ARCHETYPES[country] ?? [[OPPOSITION, 40], [BUSINESS, 20], [ORDINARY, 40]])
    pickers.set(country, pick)
  }
  return pick(rng)
}

/** Fixed, so one seed reproduces the same dates whatever day it runs. */
export const SYNTHETIC_EPOCH_END = Date.UTC(2026, 0, 1)
const DAY = 86_400_000
const FIVE_YEARS = 5 * 365 * DAY
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export interface SyntheticReport {
  facts: RedNoticeFacts
  /** When the report reached the monitor: spread over the five years before SYNTHETIC_EPOCH_END. */
  createdAt: Date
}

export function syntheticRedNotice (rng: Rng, requestingCountry = pickCountry(rng)): SyntheticReport {
  const createdMs = SYNTHETIC_EPOCH_END - Math.floor(rng() * FIVE_YEARS)
  const archetype = archetypeFor(requestingCountry, rng)
  const political = rng() < archetype.persecution
  const leftOn = createdMs - Math.floor((60 + rng() * 2500) * DAY)
  const issuedMs = leftOn + Math.floor((rng() * 1.4 - 0.4) * 900 * DAY)
  const issuedOn = Math.min(issuedMs, createdMs - DAY)

  const subject: SubjectFacts = { nationalities: [requestingCountry], currentCountry: oneOf(rng, HOST_STATES.filter((c) => c !== requestingCountry)) }
  if (chance(rng, 0.9)) subject.gender = chance(rng, 0.82) ? 'male' : 'female'
  if (archetype.ethnicity !== undefined && chance(rng, 0.85)) subject.ethnicity = archetype.ethnicity
  if (archetype.religion !== undefined && chance(rng, 0.7)) subject.religion = archetype.religion
  const profiles = archetype.profiles.filter(() => chance(rng, 0.45))
  if (profiles.length === 0 && archetype.profiles.length > 0 && chance(rng, 0.8)) profiles.push(oneOf(rng, archetype.profiles))
  if (profiles.length > 0) subject.profiles = profiles
  if (chance(rng, political ? 0.85 : 0.3)) {
    const status = pickAsylum(rng)
    subject.asylum = { status, country: subject.currentCountry, ...(status === 'none' ? {} : { since: isoDate(leftOn + Math.floor(rng() * (createdMs - leftOn))) }) }
  }
  if (chance(rng, 0.75)) subject.leftRequestingCountryOn = isoDate(leftOn)
  if (political && chance(rng, 0.25)) subject.priorIllTreatmentInRequestingCountry = true
  if (political && chance(rng, 0.2)) subject.relativesPressured = true

  const charges: Charge[] = []
  const chargeCount = 1 + (chance(rng, 0.3) ? 1 : 0) + (chance(rng, 0.08) ? 1 : 0)
  for (let i = 0; i < chargeCount; i++) {
    const [category, description] = oneOf(rng, political ? archetype.charges : ORDINARY.charges)
    if (charges.some((c) => c.description === description)) continue
    charges.push({ category, description, ...(chance(rng, 0.6) ? { allegedOffenceDate: isoDate(leftOn - Math.floor(rng() * 700 * DAY)) } : {}) })
  }

  const mechanism = pickMechanism(rng)
  const status = mechanism === 'red_notice' || mechanism === 'diffusion' ? pickStatus(rng) : undefined
  const events: CaseEvent[] = []
  const between = (from: number, to: number) => isoDate(from + Math.floor(rng() * Math.max(DAY, to - from)))
  if (mechanism === 'red_notice' && chance(rng, 0.6)) events.push({ type: 'notice_published', date: isoDate(issuedOn) })
  if (chance(rng, 0.35)) events.push({ type: 'arrest', date: between(issuedOn, createdMs), country: subject.currentCountry })
  if (chance(rng, 0.25)) events.push({ type: 'extradition_requested', date: between(issuedOn, createdMs), country: subject.currentCountry })
  if (political && chance(rng, 0.25)) events.push({ type: 'ccf_complaint', date: between(issuedOn, createdMs) })
  if (status === 'deleted' || (political && chance(rng, 0.08))) {
    events.push({ type: 'notice_deleted', date: between(issuedOn, createdMs), grounds: political ? oneOf(rng, ['political', 'refugee_status', 'torture_risk', 'procedural'] as const) : 'insufficient_evidence' })
  }
  if (political && chance(rng, 0.12)) events.push({ type: 'extradition_refused', date: between(issuedOn, createdMs), country: subject.currentCountry, grounds: oneOf(rng, ['political', 'torture_risk', 'refugee_status', 'insufficient_evidence'] as const) })
  if (political && chance(rng, 0.06)) events.push({ type: 'interim_measures', date: between(issuedOn, createdMs) })
  if (political && chance(rng, 0.1)) events.push({ type: 'conviction_in_absentia', date: between(issuedOn, createdMs), country: requestingCountry })
  if (political && chance(rng, 0.08)) events.push({ type: 'charges_changed', date: between(issuedOn, createdMs) })
  events.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''))

  const sources = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({
    kind: oneOf(rng, ['court_document', 'ngo_report', 'media', 'interview', 'official_statement', 'interpol_public'] as const),
    date: between(issuedOn, createdMs)
  }))

  const facts: RedNoticeFacts = {
    mechanism,
    requestingCountry,
    ...(chance(rng, 0.85) ? { issuedOn: isoDate(issuedOn) } : {}),
    ...(status === undefined ? {} : { status }),
    subject,
    charges,
    events,
    sources
  }
  return { facts, createdAt: new Date(createdMs) }
}

/**
 * The facts as the service stores them: a charge's wording is identifying (it can name people), so it lives
 * in the sealed identity, never in the facts; seeded reports carry no identity at all.
 */
export function storedSyntheticFacts (facts: RedNoticeFacts): RedNoticeFacts {
  return { ...facts, charges: facts.charges.map(({ description: _, ...charge }) => charge) }
}
