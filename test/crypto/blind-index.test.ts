import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BLIND_INDEX_BYTES, INDEX_PADDING, MAX_SUBJECT_INDEXES, SUBJECT_MATCH_CONTEXT, blindIndex, generateRootKeyString, matchKey, nameMatchKeys,
  parseBirthDate, parseRootKey, subjectMatchIndex, subjectsMatch
} from '../../src/crypto/index.ts'

const root = parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY')
const otherRoot = parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY')
const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщыэюя'), { minLength: 2, maxLength: 12 }).map((a) => a.join(''))
)

describe('blindIndex', () => {
  it('is deterministic and truncated to 16 bytes of base64url', () => {
    const a = blindIndex(root, { table: 'red_notices', field: 'interpol_notice_id' }, '2019/114539')
    expect(a).toBe(blindIndex(root, { table: 'red_notices', field: 'interpol_notice_id' }, '2019/114539'))
    expect(a).toMatch(/^[\w-]{22}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(BLIND_INDEX_BYTES)
    expect(blindIndex(root, { table: 't', field: 'f', bytes: 4 }, 'x')).toMatch(/^[\w-]{6}$/)
  })

  it('differs between fields, tables and roots for the same value', () => {
    fc.assert(fc.property(name, (value) => {
      const a = blindIndex(root, { table: 'red_notices', field: 'full_name' }, value)
      expect(blindIndex(root, { table: 'red_notices', field: 'alias' }, value)).not.toBe(a)
      expect(blindIndex(root, { table: 'assurances', field: 'full_name' }, value)).not.toBe(a)
      expect(blindIndex(otherRoot, { table: 'red_notices', field: 'full_name' }, value)).not.toBe(a)
    }), { numRuns: 300 })
  })

  it('NFC/NFD/case/whitespace/word-order variants give the same index through matchKey', () => {
    const ctx = { table: 'red_notices', field: 'full_name' }
    fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 3 }), (words) => {
      const canonical = matchKey(words.join(' '))
      fc.pre(canonical !== '')
      const index = blindIndex(root, ctx, canonical)
      for (const variant of [
        words.join(' ').normalize('NFD'),
        words.join(' ').normalize('NFC').toUpperCase(),
        `  ${[...words].reverse().join(' \t ')}\n`
      ]) expect(blindIndex(root, ctx, matchKey(variant))).toBe(index)
    }), { numRuns: 500 })
  })

  it('gives a letter whose upper case expands (ΰ → Ϋ́) the same key from either case, beside a Latin letter', () => {
    // fast-check found it: the folded upper case came back composed, the lower case decomposed.
    expect(matchKey('ΰÀ'.toUpperCase())).toBe(matchKey('ΰÀ'))
    expect(matchKey('Ϋ́a')).toBe(matchKey('ΰa'))
    expect(matchKey('ΰ a'.toUpperCase())).toBe(matchKey('ΰ a'))
  })

  it('refuses an empty value, bad names and bad sizes', () => {
    expect(() => blindIndex(root, { table: 't', field: 'f' }, '')).toThrow(TypeError)
    expect(() => blindIndex(root, { table: 't.x', field: 'f' }, 'v')).toThrow(TypeError)
    expect(() => blindIndex(root, { table: 't', field: 'f', bytes: 2 }, 'v')).toThrow(RangeError)
  })
})

describe('parseBirthDate', () => {
  it.each([
    ['1976-10-05', { precision: 'day', value: '1976-10-05' }],
    [' 1976 ', { precision: 'year', value: '1976' }],
    ['', null],
    [undefined, null],
    [null, null]
  ])('%s', (input, expected) => {
    expect(parseBirthDate(input)).toEqual(expected)
  })

  it.each(['1976-02-30', '1976-13-01', '05.10.1976', '1976/10/05', '76', '1976-10'])('rejects %s without repeating it', (bad) => {
    let message = ''
    try { parseBirthDate(bad) } catch (err) { message = (err as Error).message }
    expect(message).toBe('dateOfBirth must be YYYY-MM-DD or YYYY')
  })
})

const padded = (n: number): number => Math.ceil(n / INDEX_PADDING) * INDEX_PADDING

describe('subjectMatchIndex', () => {
  const kadyrov = { fullName: 'Рамзан Кадыров', dateOfBirth: '1976-10-05' }

  it('links Cyrillic and Latin spellings with the same birth date', () => {
    const indexes = subjectMatchIndex(root, kadyrov)
    expect(indexes.length).toBeGreaterThan(0)
    for (const fullName of ['Kadyrov Ramzan', 'KADYROW, Ramsan', 'Ramzan Kadirov']) {
      expect(subjectMatchIndex(root, { fullName, dateOfBirth: '1976-10-05' }).filter((i) => indexes.includes(i))).not.toEqual([])
      expect(subjectsMatch(root, kadyrov, { fullName, dateOfBirth: '1976-10-05' })).toBe(true)
    }
    for (const [a, b] of [['Магомед', 'Mahomed'], ['Зелимхан', 'Zelimhan']] as const) {
      expect(subjectsMatch(root, { fullName: a, dateOfBirth: '1990-01-01' }, { fullName: b, dateOfBirth: '1990-01-01' })).toBe(true)
    }
  })

  it('the same name with another birth date never matches', () => {
    const dates = fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(fc.property(name, dates, dates, (fullName, d1, d2) => {
      fc.pre(d1 !== d2 && matchKey(fullName) !== '')
      const a = subjectMatchIndex(root, { fullName, dateOfBirth: d1 })
      const b = subjectMatchIndex(root, { fullName, dateOfBirth: d2 })
      expect(a.filter((x) => b.includes(x))).toEqual([])
    }), { numRuns: 500 })
  })

  it('no birth date, no index; a year only matches the same year only', () => {
    expect(subjectMatchIndex(root, { fullName: 'Magomed Magomedov' })).toEqual([])
    expect(subjectMatchIndex(root, { fullName: 'Magomed Magomedov', dateOfBirth: null })).toEqual([])
    const year = subjectMatchIndex(root, { fullName: 'Magomed Magomedov', dateOfBirth: '1980' })
    expect(year).toHaveLength(padded(nameMatchKeys('Magomed Magomedov').length))
    expect(subjectMatchIndex(root, { fullName: 'Магомед Магомедов', dateOfBirth: '1980' })).toEqual(year)
    for (const dateOfBirth of ['1980-01-01', '1981']) {
      expect(subjectMatchIndex(root, { fullName: 'Magomed Magomedov', dateOfBirth }).filter((i) => year.includes(i))).toEqual([])
    }
  })

  it('one index per distinct key; an alias of one report finds the full name of another', () => {
    const a = subjectMatchIndex(root, { fullName: 'Ахмед Закаев', aliases: ['Akhmed Zakayev', 'Ahmed Sakaev', 'Abu Ahmed', ' ', ''], dateOfBirth: '1959-04-26' })
    // Spellings of one name share their keys; blank aliases give nothing.
    const keys = new Set(['Ахмед Закаев', 'Akhmed Zakayev', 'Ahmed Sakaev', 'Abu Ahmed'].flatMap(nameMatchKeys))
    expect(a).toHaveLength(padded(keys.size))
    expect(keys.size).toBeLessThan(4 * 2)
    const b = subjectMatchIndex(root, { fullName: 'Abu Akhmed', dateOfBirth: '1959-04-26' })
    expect(b.filter((i) => a.includes(i))).not.toEqual([])
    expect(a).toEqual([...a].sort())
  })

  it('pads the number of indexes to a multiple of INDEX_PADDING, so it tells little about the name', () => {
    for (const fullName of ['Aslan Dudarov', 'Aslan Testovich Dudarov', 'Şükrü Çakır', 'محمد الحداد', '王小明']) {
      const indexes = subjectMatchIndex(root, { fullName, dateOfBirth: '1980-01-01' })
      expect(indexes.length % INDEX_PADDING).toBe(0)
      expect(indexes).toHaveLength(padded(nameMatchKeys(fullName).length))
      expect(subjectMatchIndex(root, { fullName, dateOfBirth: '1980-01-01' })).toEqual(indexes)
    }
    // Padding of two different names never matches.
    expect(subjectsMatch(root, { fullName: 'Aslan Dudarov', dateOfBirth: '1980-01-01' }, { fullName: 'Timur Dudarov', dateOfBirth: '1980-01-01' })).toBe(false)
  })

  it('bounds the number of indexes whatever the number of aliases', () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `Aslan-${'bcdfghklmnprstvz'.charAt(i % 16)}${'aeiou'.charAt(i % 5)}rov Testovich Dudarov oglu Şahin`)
    const indexes = subjectMatchIndex(root, { fullName: 'Aslan Dudarov', aliases, dateOfBirth: '1980-01-01' })
    expect(indexes.length).toBeGreaterThan(40)
    expect(indexes.length).toBeLessThanOrEqual(MAX_SUBJECT_INDEXES)
  })

  it('a name with no letters gives no index', () => {
    expect(subjectMatchIndex(root, { fullName: ' -- ', dateOfBirth: '1959-04-26' })).toEqual([])
  })

  it('lives in one shared context and depends on the root key', () => {
    expect(SUBJECT_MATCH_CONTEXT).toEqual({ table: 'subjects', field: 'name_dob' })
    expect(subjectMatchIndex(otherRoot, kadyrov)).not.toEqual(subjectMatchIndex(root, kadyrov))
  })

  it('errors do not repeat the birth date or name', () => {
    let message = ''
    try { subjectMatchIndex(root, { fullName: 'Canary Name', dateOfBirth: '31/12/1970' }) } catch (err) { message = (err as Error).message }
    expect(message).not.toMatch(/1970|Canary/)
    expect(message).not.toBe('')
  })
})
