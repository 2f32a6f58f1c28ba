/**
 * Maps a detail document of Interpol's public notice service (`GET /notices/v1/red/{id}`,
 * docs/domain.md §2.3) to a red-notice report body. Pure: no I/O, no clock.
 *
 * Decisions:
 * - Names are kept as Interpol writes them (upper case), forename first. Case folding is lossy
 *   ("MCDONALD", "VAN DER BERG") and identity matching normalises case anyway.
 * - A birth date is imported only when complete. A year-only (or year-month) date goes into
 *   `subject.notes` in words rather than being padded to a fake full date that would mislead
 *   identity matching.
 * - Only what the report needs is imported (data minimisation): place of birth, physical
 *   description, languages and photographs are left behind.
 * - Warnings name fields and country codes, never names or dates, so they can be logged.
 */
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { RedNoticeInputSchema, type RedNoticeInput } from '../schemas/red-notices.ts'
import { classifyCharge, extractLegalProvision } from './interpol-charges.ts'
import { named } from '../schemas/named.ts'

export { classifyCharge, extractLegalProvision } from './interpol-charges.ts'

const MaybeText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]))
const MaybeCodes = (maxItems: number) => Type.Optional(Type.Union([
  Type.Array(Type.String({ maxLength: 16 }), { maxItems }), Type.Null()
]))
const MaybeNumber = Type.Optional(Type.Union([Type.Number(), Type.Null()]))
const Link = Type.Optional(Type.Object({ href: Type.String({ maxLength: 2000 }) }, { maxProperties: 8 }))

// Objects stay open (Interpol may add fields) but bounded by maxProperties; the request body
// limit bounds the rest.
export const InterpolWarrantSchema = Type.Object({
  issuing_country_id: MaybeText(16),
  charge: MaybeText(20_000),
  charge_translation: MaybeText(20_000)
}, { maxProperties: 16 })

export const InterpolNoticeSchema = named('InterpolNotice', Type.Object({
  // Strict: it becomes part of a URL and of `interpolNoticeId`.
  entity_id: Type.String({ pattern: '^[0-9]{4}/[0-9]{1,12}$', maxLength: 17, examples: ['2019/114539'] }),
  forename: MaybeText(500),
  name: MaybeText(500),
  date_of_birth: MaybeText(32),
  sex_id: MaybeText(8),
  nationalities: MaybeCodes(20),
  country_of_birth_id: MaybeText(16),
  place_of_birth: MaybeText(1000),
  languages_spoken_ids: MaybeCodes(50),
  height: MaybeNumber,
  weight: MaybeNumber,
  eyes_colors_id: MaybeCodes(20),
  hairs_id: MaybeCodes(20),
  distinguishing_marks: MaybeText(5000),
  arrest_warrants: Type.Optional(Type.Union([Type.Array(InterpolWarrantSchema, { maxItems: 100 }), Type.Null()])),
  _embedded: Type.Optional(Type.Object({
    links: Type.Optional(Type.Union([Type.Array(Type.Unknown(), { maxItems: 100 }), Type.Null()]))
  }, { maxProperties: 16 })),
  _links: Type.Optional(Type.Object({ self: Link, images: Link, thumbnail: Link }, { maxProperties: 16 }))
}, {
  maxProperties: 64,
  description: 'A red-notice detail document exactly as `https://ws-public.interpol.int/notices/v1/red/{noticeID}` returns it.'
}))
export type InterpolNotice = Static<typeof InterpolNoticeSchema>

export interface InterpolImport { body: RedNoticeInput, warnings: string[] }

/** The document cannot become a report. Messages and pointers never contain submitted values. */
export class InterpolNoticeError extends Error {
  readonly errors: Array<{ pointer: string, message: string }>
  constructor (message: string, errors: Array<{ pointer: string, message: string }> = []) {
    super(message)
    this.name = 'InterpolNoticeError'
    this.errors = errors
  }
}

const PUBLIC_NOTICE_URL = 'https://ws-public.interpol.int/notices/v1/red/'
const ISO2 = /^[A-Z]{2}$/
const GENDER_BY_SEX_ID = { F: 'female', M: 'male', U: 'unknown' } as const
// Limits of RedNoticeInputSchema that imported text must fit.
const MAX_NAME = 300
const MAX_CHARGE = 2000
const MAX_PROVISION = 200
const MAX_CHARGES = 50
const MAX_NATIONALITIES = 10

/** Validates the document and explains what it is when it is not a notice detail. */
export function parseInterpolNotice (doc: unknown): InterpolNotice {
  if (isRecord(doc) && isRecord(doc._embedded) && Array.isArray(doc._embedded.notices)) {
    throw new InterpolNoticeError('This is a page of Interpol search results, not a notice: import the detail document at /notices/v1/red/{noticeID} of each notice instead.')
  }
  if (isRecord(doc) && typeof doc.status === 'number' && typeof doc.name === 'string' && doc.entity_id === undefined) {
    throw new InterpolNoticeError('This is an error answer of Interpol\'s service, not a notice.')
  }
  if (Value.Check(InterpolNoticeSchema, doc)) return doc
  const errors = Value.Errors(InterpolNoticeSchema, doc).slice(0, 10)
    .map((error) => ({ pointer: error.instancePath === '' ? '/' : error.instancePath, message: error.message }))
  throw new InterpolNoticeError('Not an Interpol red-notice detail document.', errors)
}

export function interpolNoticeToRedNotice (doc: unknown, options: { retrievedOn?: string } = {}): InterpolImport {
  if (options.retrievedOn !== undefined && !isCalendarDate(options.retrievedOn)) {
    throw new TypeError('retrievedOn must be a YYYY-MM-DD date')
  }
  const notice = parseInterpolNotice(doc)
  const warnings: string[] = []
  const text = (value: string | null | undefined, pointer: string) => cleanText(value, pointer, warnings)

  const fullName = [text(notice.forename, '/forename'), text(notice.name, '/name')]
    .filter((part) => part !== undefined).join(' ').replace(/\s+/g, ' ')
  if (fullName === '') {
    throw new InterpolNoticeError('The notice gives no name.', [{ pointer: '/name', message: 'no forename or name' }])
  }
  const requestingCountry = issuingCountry(notice, warnings)
  const subject: RedNoticeInput['subject'] = { fullName: bounded(fullName, MAX_NAME, '/name', warnings) }

  const birth = birthDate(text(notice.date_of_birth, '/date_of_birth'), warnings)
  if (birth.date !== undefined) subject.dateOfBirth = birth.date
  if (birth.note !== undefined) subject.notes = birth.note

  const nationalities = countryCodes(notice.nationalities ?? [], '/nationalities', warnings)
  if (nationalities.length > 0) subject.nationalities = nationalities.slice(0, MAX_NATIONALITIES)
  if (nationalities.length > MAX_NATIONALITIES) warnings.push(`/nationalities: only the first ${MAX_NATIONALITIES} kept`)

  const sexId = text(notice.sex_id, '/sex_id')
  if (sexId !== undefined) {
    // hasOwn, not `in`: "toString" fits in sex_id's eight characters.
    if (Object.hasOwn(GENDER_BY_SEX_ID, sexId)) subject.gender = GENDER_BY_SEX_ID[sexId as keyof typeof GENDER_BY_SEX_ID]
    else warnings.push('/sex_id: unknown code, gender left out')
  }

  const body: RedNoticeInput = {
    mechanism: 'red_notice',
    requestingCountry,
    interpolNoticeId: notice.entity_id,
    status: 'active',
    subject,
    events: [{ type: 'notice_published' }],
    sources: [{
      kind: 'interpol_public',
      reference: PUBLIC_NOTICE_URL + notice.entity_id.replace('/', '-'),
      ...(options.retrievedOn === undefined ? {} : { date: options.retrievedOn })
    }]
  }
  const charges = chargesOf(notice, text, warnings)
  if (charges.length > 0) body.charges = charges

  // Guard the promise that an import is a valid report; a failure here is a bug in this file.
  if (!Value.Check(RedNoticeInputSchema, body)) {
    const first = Value.Errors(RedNoticeInputSchema, body)[0]
    throw new Error(`interpol mapping produced an invalid report at ${first?.instancePath ?? '?'}: ${first?.message ?? ''}`)
  }
  return { body, warnings }
}

function issuingCountry (notice: InterpolNotice, warnings: string[]): string {
  const codes = (notice.arrest_warrants ?? []).map((warrant) => warrant.issuing_country_id?.trim() ?? '')
  const valid = countryCodes(codes, '/arrest_warrants/*/issuing_country_id', warnings)
  const [first] = valid
  if (first === undefined) {
    throw new InterpolNoticeError('No arrest warrant names a valid issuing country, so the requesting state is unknown.',
      [{ pointer: '/arrest_warrants', message: 'no ISO 3166-1 alpha-2 issuing_country_id' }])
  }
  if (valid.length > 1) {
    warnings.push(`/arrest_warrants: warrants issued by several states (${valid.join(', ')}); requestingCountry is the first, ${first}`)
  }
  return first
}

function chargesOf (notice: InterpolNotice, text: (v: string | null | undefined, p: string) => string | undefined, warnings: string[]) {
  const charges: NonNullable<RedNoticeInput['charges']> = []
  const seen = new Set<string>()
  for (const [i, warrant] of (notice.arrest_warrants ?? []).entries()) {
    const pointer = `/arrest_warrants/${i}`
    const charge = text(warrant.charge, `${pointer}/charge`)
    let translation = text(warrant.charge_translation, `${pointer}/charge_translation`)
    if (translation === charge) translation = undefined
    const original = charge ?? translation
    if (original === undefined) {
      warnings.push(`${pointer}: no charge text`)
      continue
    }
    const full = charge !== undefined && translation !== undefined ? `${charge}\n\nTranslation: ${translation}` : original
    if (seen.has(full)) continue
    seen.add(full)
    const country = warrant.issuing_country_id?.trim()
    const provision = extractLegalProvision(full)
    charges.push({
      description: bounded(full, MAX_CHARGE, `${pointer}/charge`, warnings),
      category: classifyCharge(full, country !== undefined && ISO2.test(country) ? country : undefined),
      ...(provision === undefined ? {} : { legalProvision: bounded(provision, MAX_PROVISION, `${pointer}/charge`, warnings) })
    })
  }
  if (charges.length > MAX_CHARGES) warnings.push(`/arrest_warrants: only the first ${MAX_CHARGES} charges kept`)
  return charges.slice(0, MAX_CHARGES)
}

function birthDate (raw: string | undefined, warnings: string[]): { date?: string, note?: string } {
  if (raw === undefined) return {}
  const match = /^(\d{4})(?:[/-](\d{2})(?:[/-](\d{2}))?)?$/.exec(raw)
  const [, year, month = '00', day = '00'] = match ?? []
  if (year === undefined) {
    warnings.push('/date_of_birth: unreadable, dateOfBirth left out')
    return {}
  }
  if (month !== '00' && day !== '00') {
    const date = `${year}-${month}-${day}`
    if (isCalendarDate(date)) return { date }
    warnings.push('/date_of_birth: not a calendar date, dateOfBirth left out')
    return {}
  }
  warnings.push('/date_of_birth: incomplete date, dateOfBirth left out and the known part put in subject.notes')
  const known = month === '00' ? `year ${year}` : `${year}-${month} (year and month)`
  return { note: `Date of birth according to the Interpol public notice: ${known} only.` }
}

function countryCodes (codes: readonly string[], pointer: string, warnings: string[]): string[] {
  const cleaned = codes.map((code) => code.trim()).filter((code) => code !== '' && code !== '-')
  const invalid = cleaned.filter((code) => !ISO2.test(code))
  // Interpol uses a few non-ISO codes ("914", "922"). They are counted, not quoted: whoever
  // posts the document controls these strings, and warnings must stay safe to log.
  if (invalid.length > 0) warnings.push(`${pointer}: ${invalid.length} non-ISO country code(s) ignored`)
  return [...new Set(cleaned.filter((code) => ISO2.test(code)))]
}

/**
 * Trims, normalises line ends and runs of spaces, and drops placeholders: `-` and empty strings
 * (Interpol's "unknown"), and the literal `string` left by OpenAPI-generated examples.
 */
function cleanText (value: string | null | undefined, pointer: string, warnings: string[]): string | undefined {
  if (value === null || value === undefined) return undefined
  // NUL would be refused by PostgreSQL and by RedNoticeInputSchema; it is never meaningful here.
  const cleaned = value.replaceAll('\u0000', '').replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n').trim()
  if (cleaned === 'string') {
    warnings.push(`${pointer}: placeholder value "string" ignored`)
    return undefined
  }
  return cleaned === '' || /^-+$/.test(cleaned) ? undefined : cleaned
}

function bounded (value: string, max: number, pointer: string, warnings: string[]): string {
  const chars = [...value] // code points, as ajv's maxLength counts them
  if (chars.length <= max) return value
  warnings.push(`${pointer}: longer than ${max} characters, shortened`)
  return chars.slice(0, max - 1).join('') + '…'
}

function isCalendarDate (date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false
  const parsed = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date)
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
