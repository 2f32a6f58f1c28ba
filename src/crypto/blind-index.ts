// Blind indexes (CipherSweet design, security.md §5.2): an HMAC-SHA256 of a value
// under a key derived by HKDF from BLIND_INDEX_KEY for each (table, field), stored
// beside the ciphertext so equal values can be found without decrypting. A per-field
// key means the same value gives unrelated indexes in different fields.
//
// Truncation: 16 bytes (128 bits, 22 base64url characters) by default. CipherSweet
// truncates hard (e.g. 16-32 bits) so that unrelated values collide and a stolen
// table cannot be counted into a frequency profile; the price is candidate rows that
// must be decrypted and filtered. We keep 128 bits for the subject index because its
// only job is to link reports about the same person, and that linkage is visible
// anyway through the pseudonymous subjectId the API publishes: a short index would add
// false links and decryption work while hiding nothing the subjectId does not already
// show. What a leaked index table does reveal: which records share a (name key, birth
// date), and roughly how many keys each has (padded, see subjectMatchIndex). What it
// does not: any name, unless the attacker also has BLIND_INDEX_KEY, with which they can
// test guesses (so can anyone able to call the matching
// endpoint: rate-limit and audit it). Pass a smaller `bytes` for a field whose equality
// pattern is itself sensitive, and never index a low-cardinality special-category field
// (ethnicity, religion) on its own.
//
// A pre-erasure backup keeps its index rows: erasure must delete them from the live
// database, and a backup stays guess-testable while BLIND_INDEX_KEY exists.

import { createHmac, type KeyObject } from 'node:crypto'
import { deriveKey, ROOT_KEY_BYTES } from './keyring.ts'
import { nameMatchKeys } from './name-keys.ts'

export const BLIND_INDEX_BYTES = 16
export interface BlindIndexContext { table: string, field: string, bytes?: number }

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/
const keyCache = new WeakMap<KeyObject, Map<string, KeyObject>>()

function indexKey (root: KeyObject, table: string, field: string): KeyObject {
  if (root.type !== 'secret' || root.symmetricKeySize !== ROOT_KEY_BYTES) throw new TypeError(`the blind-index root must be a ${ROOT_KEY_BYTES}-byte secret KeyObject`)
  if (!NAME.test(table) || !NAME.test(field)) throw new TypeError('table and field must match [A-Za-z][A-Za-z0-9_]{0,62}')
  let perRoot = keyCache.get(root)
  if (perRoot === undefined) keyCache.set(root, perRoot = new Map())
  const label = `${table}.${field}`
  let key = perRoot.get(label)
  if (key === undefined) perRoot.set(label, key = deriveKey(root, `blind-index/${label}`))
  return key
}

/** HMAC of `value` exactly as given (normalise first), truncated to `bytes` (4-32). */
export function blindIndex (root: KeyObject, { table, field, bytes = BLIND_INDEX_BYTES }: BlindIndexContext, value: string): string {
  if (!Number.isInteger(bytes) || bytes < 4 || bytes > 32) throw new RangeError('bytes must be an integer from 4 to 32')
  if (typeof value !== 'string' || value === '') throw new TypeError('cannot index an empty value: store no index instead')
  return createHmac('sha256', indexKey(root, table, field)).update(value, 'utf8').digest().subarray(0, bytes).toString('base64url')
}

/** One shared context, so reports from every partner land in the same index space. */
export const SUBJECT_MATCH_CONTEXT = { table: 'subjects', field: 'name_dob' } as const

export interface BirthDate { precision: 'day' | 'year', value: string }

/**
 * `YYYY-MM-DD` (a real calendar date) or `YYYY` when only the year is known; empty or
 * missing gives null. Anything else throws, without repeating the value.
 */
export function parseBirthDate (dob: string | null | undefined): BirthDate | null {
  if (dob === undefined || dob === null || dob.trim() === '') return null
  const text = dob.trim()
  if (/^\d{4}$/.test(text)) return { precision: 'year', value: text }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const date = new Date(Date.UTC(y, mo - 1, d))
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return { precision: 'day', value: text }
  }
  throw new TypeError('dateOfBirth must be YYYY-MM-DD or YYYY')
}

export interface SubjectNames { fullName: string, aliases?: readonly string[] | null, dateOfBirth?: string | null }

/**
 * The version of what subjectMatchIndex hashes. Part of every hashed value, so indexes of
 * another scheme never match by accident; after a change, `npm run admin -- reindex-subjects`
 * recomputes the stored ones (docs/matching.md).
 */
export const SUBJECT_INDEX_SCHEME = 'v2'
/** At most this many indexes per report, whatever its number of aliases: the full name's keys come first. */
export const MAX_SUBJECT_INDEXES = 48
/** Reports store their index count rounded up to a multiple of this. */
export const INDEX_PADDING = 4

/**
 * Compound indexes of each match key of each name (nameMatchKeys: the full name and every
 * alias, a few spellings each) + birth date, so a report matches another when any of their
 * names agree AND the birth dates agree.
 *
 * - No birth date, no index: a name alone is too weak (thousands of men are called
 *   Magomed Magomedov) and linking different people would merge their cases.
 * - A year-only date is indexed with its precision: it matches other year-only
 *   reports, never a full date in that year, since that would also link two full
 *   dates of the same year. Linking across precisions is a human decision.
 * - The same name with another birth date never matches.
 */
export function subjectMatchIndex (root: KeyObject, { fullName, aliases, dateOfBirth }: SubjectNames): string[] {
  const dob = parseBirthDate(dateOfBirth)
  if (dob === null) return []
  const keys = new Set<string>()
  for (const name of [fullName, ...(aliases ?? [])]) {
    for (const key of nameMatchKeys(name)) keys.add(key)
  }
  const out = new Set([...keys].slice(0, MAX_SUBJECT_INDEXES)
    .map((k) => blindIndex(root, SUBJECT_MATCH_CONTEXT, `${SUBJECT_INDEX_SCHEME}|${dob.precision}:${dob.value}|${k}`)))
  // How many spellings a name has says something about it (a patronymic, Turkish letters, Arabic script):
  // pad to a multiple of INDEX_PADDING with values derived from the real ones, which match nothing else.
  const real = [...out].sort()
  for (let i = 0; out.size % INDEX_PADDING !== 0; i++) {
    out.add(blindIndex(root, SUBJECT_MATCH_CONTEXT, `${SUBJECT_INDEX_SCHEME}|padding:${i}|${real.join(',')}`))
  }
  return [...out].sort()
}

/**
 * Whether two reports' subjects match: they share an index. This is the decision the
 * database takes on filing (subject_indexes.index_value = ANY (the new report's indexes)),
 * here for two identities in memory (eval/names.ts, tests).
 */
export function subjectsMatch (root: KeyObject, a: SubjectNames, b: SubjectNames): boolean {
  const theirs = new Set(subjectMatchIndex(root, b))
  return subjectMatchIndex(root, a).some((index) => theirs.has(index))
}
