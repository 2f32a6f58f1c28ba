import { defaultCountryContext } from './country-reference.ts'
import type { SourceRef } from './types.ts'
import {
  ASSURANCE_GIVER_LEVELS, ASSURANCE_SUBJECTS, ASYLUM_STATUSES, CHARGE_CATEGORIES, EVENT_TYPES, GROUNDS, MECHANISMS,
  MONITORING_MECHANISMS, POLITICAL_CONTEXT_TYPES, PROFILES, SOURCE_KINDS
} from './vocabulary.ts'

// Turns the evidence pointers rules record (`/subject/asylum/status=recognized_refugee`) into words a
// lawyer can quote ("the person's asylum status: recognized refugee"), and sources into citations with
// their link or reference. Pure: country names come from the bundled reference data.

const FIELD_WORDS: Readonly<Record<string, string>> = {
  mechanism: 'the channel used',
  requestingCountry: 'the requesting state',
  issuedOn: 'the date the request was issued',
  status: 'the status of the notice',
  profiles: "the person's profile",
  asylum: "the person's protection status",
  leftRequestingCountryOn: 'the date the person left the requesting state',
  priorIllTreatmentInRequestingCountry: 'prior ill-treatment in the requesting state',
  relativesPressured: 'pressure on relatives',
  ethnicity: "the person's ethnicity",
  nationalities: "the person's nationalities",
  currentCountry: 'the state where the person is',
  religion: "the person's religion",
  category: 'category',
  legalProvision: 'legal provision',
  allegedOffenceDate: 'date of the alleged offence',
  chargedOn: 'date the charge was brought',
  particulars: 'particulars',
  type: 'type',
  date: 'date',
  country: 'country',
  grounds: 'grounds',
  kind: 'kind',
  since: 'since',
  abuseRecord: 'named as having abused Interpol channels',
  interpolRestrictions: 'Interpol restrictions',
  freedomStatus: 'Freedom House status',
  freedomScore: 'Freedom House score',
  echrParty: 'party to the European Convention on Human Rights',
  echrLeftOn: 'ceased to be an ECHR party on',
  catParty: 'party to the UN Convention against Torture',
  opcatParty: 'party to the Optional Protocol (OPCAT)',
  systematicTorture: 'torture documented as systematic',
  specificity: 'terms',
  form: 'form',
  termsDisclosed: 'terms disclosed',
  covers: 'what the assurance covers',
  bindsState: 'binds the state',
  bindsRegionalAuthorities: 'binds regional authorities',
  treatmentUnlawfulInGivingState: 'treatment already unlawful in the giving state',
  mechanismOfMonitoring: 'monitoring',
  lawyerAccess: 'access to lawyers',
  priorCompliance: 'record of similar assurances',
  subjectPreviouslyIllTreated: 'the person previously ill-treated there',
  reviewedByDomesticCourt: 'examined by a domestic court',
  givenBy: 'given by',
  level: 'level',
  monitoring: 'monitoring'
}
const GROUPS: Readonly<Record<string, string>> = {
  charges: 'charge', events: 'event', sources: 'source', politicalContext: 'political event'
}
const STATUS_WORDS: Readonly<Record<string, string>> = { F: 'Free', PF: 'Partly Free', NF: 'Not Free', true: 'yes', false: 'no', null: 'not stated' }

function countryName (code: string): string {
  const c = /^[A-Z]{2}$/.test(code) ? defaultCountryContext(code) : null
  return c === null ? code : `${c.name} (${code})`
}

function valueWords (value: string): string {
  if (STATUS_WORDS[value] !== undefined) return STATUS_WORDS[value]
  if (/^[A-Z]{2}$/.test(value)) return countryName(value)
  // A list (`["RW","FR"]`): each item in words, a state by its name as well as its code.
  return value.replace(/^\[|\]$/g, '').replaceAll('"', '').split(',')
    .map(item => /^[A-Z]{2}$/.test(item) ? countryName(item) : item.replaceAll('_', ' ')).join(', ')
}

// The vocabulary's codes as the rules' fact sentences may name them (`abuse_of_office`), and the words that
// begin with a vowel sound, which take "an" (a fact says "a ${'$'}{type}" for whatever type it read).
const CODES: ReadonlySet<string> = new Set([
  ...MECHANISMS, ...PROFILES, ...ASYLUM_STATUSES, ...CHARGE_CATEGORIES, ...EVENT_TYPES, ...GROUNDS,
  ...POLITICAL_CONTEXT_TYPES, ...SOURCE_KINDS, ...ASSURANCE_GIVER_LEVELS, ...ASSURANCE_SUBJECTS, ...MONITORING_MECHANISMS
].filter(code => code.includes('_')))
const AN_WORDS = [...new Set([...POLITICAL_CONTEXT_TYPES, ...CHARGE_CATEGORIES, ...EVENT_TYPES, ...PROFILES, ...MECHANISMS]
  .map(code => code.replaceAll('_', ' ')).filter(words => /^[aeio]/.test(words)))]
const A_BEFORE_VOWEL = new RegExp(`\\b([Aa]) (?=(?:${AN_WORDS.join('|')})\\b)`, 'g')

// Facts written before the political events had their own phrases ("after a left office on …").
const OLD_CONTEXT_PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\ba left office\b/g, 'leaving office'],
  [/\ba political activity began\b/g, 'the start of political activity'],
  [/\ba public criticism\b/g, 'public criticism']
]

// States whose names take "the" in a sentence: "in the United Kingdom (GB)", "The Netherlands (NL) granted".
const NAMES_WITH_THE = /(?<!\b[Tt]he )\b(United Arab Emirates|United Kingdom|United States|Bahamas|Central African Republic|Czech Republic|Dominican Republic|Marshall Islands|Maldives|Netherlands|Philippines|Solomon Islands|Comoros)\b/g

function plainWords (text: string): string {
  let words = text
  for (const [phrase, replacement] of OLD_CONTEXT_PHRASES) words = words.replace(phrase, replacement)
  return words
    // A state as its name and code, unless the sentence already gives the code after the name.
    .replace(/(?<![(\w/])([A-Z]{2})'s NCB\b/g, (whole, code: string) => defaultCountryContext(code) === null ? whole : `the NCB of ${countryName(code)}`)
    .replace(/(?<![(\w/])([A-Z]{2})(?![\w)/])/g, (whole, code: string) => defaultCountryContext(code) === null ? whole : countryName(code))
    .replace(/\b[a-z]+(?:_[a-z]+)+\b/g, code => CODES.has(code) ? code.replaceAll('_', ' ') : code)
    .replace(A_BEFORE_VOWEL, (_whole, a: string) => `${a}n `)
    .replace(NAMES_WITH_THE, (name: string, _n: string, at: number, all: string) => `${at === 0 || /[.;:]\s*$/.test(all.slice(0, at)) ? 'The' : 'the'} ${name}`)
}

/**
 * A rule's fact sentence as a lawyer can quote it: every state by its name as well as its code, vocabulary
 * codes in words, "an" before a vowel. Text the partner wrote, which facts quote between double quotes, is
 * left as written. Applied when a contribution is explained, so facts stored before it read the same.
 */
export function factInWords (fact: string): string {
  return fact.split(/("[^"]*")/).map((part, i) => i % 2 === 1 ? part : plainWords(part)).join('')
}

/** One evidence item in words, with the pointer kept in brackets for whoever checks the record. */
export function evidenceInWords (item: string): string {
  const at = item.indexOf('=')
  if (at < 0) return item
  const pointer = item.slice(0, at)
  const value = valueWords(item.slice(at + 1))
  const country = /^countries\/([A-Z]{2})\/(\w+)$/.exec(pointer)
  if (country !== null) return `${countryName(country[1] ?? '')}, ${FIELD_WORDS[country[2] ?? ''] ?? country[2]}: ${value}`
  const linked = /^linked\/(\w+)$/.exec(pointer)
  if (linked !== null) return `other reports on the same person or relatives (${(linked[1] ?? '').replace(/([A-Z])/g, ' $1').toLowerCase()}): ${value}`
  const parts = pointer.split('/').filter(p => p !== '' && p !== 'subject')
  const words: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? ''
    const group = GROUPS[p]
    if (group !== undefined && /^\d+$/.test(parts[i + 1] ?? '')) { words.push(`${group} ${Number(parts[i + 1]) + 1}`); i++; continue }
    // `status` alone is the notice's; under `asylum` it is the protection status itself. Likewise
    // `mechanism` alone is the red-notice channel; under `monitoring` it is the assurance's monitoring.
    words.push(p === 'status' && parts[i - 1] === 'asylum' ? 'status' : p === 'mechanism' && parts[i - 1] === 'monitoring' ? 'mechanism' : FIELD_WORDS[p] ?? p)
  }
  return `${words.join(', ')}: ${value}`
}

/** A source can be shown when verified and citable: a title and a link or an official reference. */
export function isPublishable (s: SourceRef): boolean {
  return s.unverified !== true && (s.url !== undefined || s.reference !== undefined)
}

export function citationOf (s: SourceRef): string {
  const title = s.title ?? s.citation
  const by = [s.publisher, s.date].filter(x => x !== undefined && x !== '').join(', ')
  const where = s.url ?? s.reference ?? ''
  return `${title}${by === '' ? '' : ` (${by})`}${where === '' ? '' : `, ${where}`}`
}
