import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InterpolNoticeError, interpolNoticeToRedNotice, parseInterpolNotice } from '../../src/domain/interpol.ts'
import { RedNoticeInputSchema } from '../../src/schemas/red-notices.ts'
import { validate } from '../schemas/helpers.ts'

/**
 * Interpol's public web-service answers, verbatim (docs/domain.md §2.5): test/fixtures/interpol/README.md
 * says where each was copied from. INTERPOL_SAMPLES_DIR points the tests at another set of the same names.
 */
const samplesDir = (): string => process.env.INTERPOL_SAMPLES_DIR ?? join(import.meta.dirname, '..', 'fixtures', 'interpol')
const sample = (file: string): unknown => JSON.parse(readFileSync(join(samplesDir(), file), 'utf8'))

const RU = 'red-detail-ru-2019-114539.json'
const DE = 'red-detail-de-1993-27493.json'
const LIST = 'red-list-page1-2021-12-11.json'

function importOf (doc: unknown) {
  const result = interpolNoticeToRedNotice(doc)
  expect(validate(RedNoticeInputSchema, result.body).errors).toBeNull()
  return result
}

describe('real samples', () => {
  it('Russian notice 2019/114539: armed-formation charge', () => {
    const { body, warnings } = importOf(sample(RU))
    expect(body).toMatchObject({
      mechanism: 'red_notice',
      requestingCountry: 'RU',
      interpolNoticeId: '2019/114539',
      status: 'active',
      subject: { fullName: 'ARSEN KURMANBAEV', dateOfBirth: '1982-12-02', nationalities: ['RU'], gender: 'male' },
      events: [{ type: 'notice_published' }],
      sources: [{ kind: 'interpol_public', reference: 'https://ws-public.interpol.int/notices/v1/red/2019-114539' }]
    })
    // The original has a double space; imported text is normalised.
    expect(body.charges).toEqual([{ description: 'Participation in an illegal armed formation', category: 'armed_group' }])
    expect(warnings).toEqual([])
  })

  it('German notice 1993/27493: violent charge, OpenAPI placeholder ignored with a warning', () => {
    const { body, warnings } = importOf(sample(DE))
    expect(body.requestingCountry).toBe('DE')
    expect(body.interpolNoticeId).toBe('1993/27493')
    expect(body.subject).toEqual({ fullName: 'DANIELA MARIE LUISE KLETTE', dateOfBirth: '1958-11-05', nationalities: ['DE'], gender: 'female' })
    expect(body.charges).toHaveLength(1)
    expect(body.charges![0]!.category).toBe('violent')
    expect(body.charges![0]!.description).toMatch(/^Attempted murder coinciding with .* aggravated robbery$/)
    expect(body.charges![0]!.description).not.toContain('string')
    expect(warnings).toEqual(['/arrest_warrants/0/charge_translation: placeholder value "string" ignored'])
  })

  it('the list page is refused with a message saying what to send instead', () => {
    expect(() => interpolNoticeToRedNotice(sample(LIST))).toThrow(InterpolNoticeError)
    expect(() => interpolNoticeToRedNotice(sample(LIST))).toThrow(/page of Interpol search results.*\/notices\/v1\/red\/\{noticeID\}/)
  })

  it('a list item on its own is refused by the schema (no arrest warrants is not enough: no issuing state)', () => {
    const item = (sample(LIST) as any)._embedded.notices[0]
    expect(() => interpolNoticeToRedNotice(item)).toThrow(/requesting state is unknown/)
  })

  it('the source date is the retrieval date when given', () => {
    const { body } = interpolNoticeToRedNotice(sample(RU), { retrievedOn: '2025-03-01' })
    expect(body.sources).toEqual([{ kind: 'interpol_public', reference: 'https://ws-public.interpol.int/notices/v1/red/2019-114539', date: '2025-03-01' }])
  })
})

/** The Russian sample with changes. */
function variant (change: (doc: any) => void): unknown {
  const doc = structuredClone(sample(RU)) as any
  change(doc)
  return doc
}

describe('quirks of the public service', () => {
  it('skips a "-" or null forename', () => {
    expect(importOf(variant((d) => { d.forename = '-' })).body.subject.fullName).toBe('KURMANBAEV')
    expect(importOf(variant((d) => { d.forename = null })).body.subject.fullName).toBe('KURMANBAEV')
  })

  it('a year-only birth date is left out of dateOfBirth and kept in notes; the warning carries no date', () => {
    const { body, warnings } = importOf(variant((d) => { d.date_of_birth = '1982' }))
    expect(body.subject.dateOfBirth).toBeUndefined()
    expect(body.subject.notes).toBe('Date of birth according to the Interpol public notice: year 1982 only.')
    expect(warnings).toEqual(['/date_of_birth: incomplete date, dateOfBirth left out and the known part put in subject.notes'])
  })

  it.each([['1982/00/00'], ['1982/12']])('treats %s as incomplete', (date) => {
    const { body } = importOf(variant((d) => { d.date_of_birth = date }))
    expect(body.subject.dateOfBirth).toBeUndefined()
    expect(body.subject.notes).toContain('1982')
  })

  it.each([['1982/02/30'], ['02.12.1982'], ['unknown']])('drops the unusable birth date %s with a warning', (date) => {
    const { body, warnings } = importOf(variant((d) => { d.date_of_birth = date }))
    expect(body.subject.dateOfBirth).toBeUndefined()
    expect(body.subject.notes).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })

  it('keeps valid ISO nationalities only, deduplicated', () => {
    const { body, warnings } = importOf(variant((d) => { d.nationalities = ['RU', '914', 'ru', 'RU', 'KZ'] }))
    expect(body.subject.nationalities).toEqual(['RU', 'KZ'])
    expect(warnings).toEqual(['/nationalities: 2 non-ISO country code(s) ignored'])
  })

  it('null arrays are absence, not errors', () => {
    const { body } = importOf(variant((d) => { d.nationalities = null; d.languages_spoken_ids = null; d.eyes_colors_id = null }))
    expect(body.subject).not.toHaveProperty('nationalities')
  })

  it('several issuing states: the first is the requesting state, with a warning', () => {
    const { body, warnings } = importOf(variant((d) => {
      d.arrest_warrants.push({ issuing_country_id: 'KZ', charge: 'Fraud', charge_translation: null })
    }))
    expect(body.requestingCountry).toBe('RU')
    expect(body.charges?.map((c) => c.category)).toEqual(['armed_group', 'fraud'])
    expect(warnings).toEqual(['/arrest_warrants: warrants issued by several states (RU, KZ); requestingCountry is the first, RU'])
  })

  it('normalises CRLF charges, drops duplicates and empty ones, keeps a real translation', () => {
    const { body, warnings } = importOf(variant((d) => {
      d.arrest_warrants = [
        { issuing_country_id: 'RU', charge: '  Article 205.2 Part 2\r\nPublic calls  for terrorism \r\n', charge_translation: null },
        { issuing_country_id: 'RU', charge: 'Article 205.2 Part 2\nPublic calls for terrorism', charge_translation: null },
        { issuing_country_id: 'RU', charge: '-', charge_translation: null },
        { issuing_country_id: 'RU', charge: 'ч. 2 ст. 208 УК РФ', charge_translation: 'Part 2 of Article 208 of the Criminal Code' }
      ]
    }))
    expect(body.charges).toEqual([
      { description: 'Article 205.2 Part 2\nPublic calls for terrorism', legalProvision: 'Article 205.2 Part 2', category: 'terrorism' },
      { description: 'ч. 2 ст. 208 УК РФ\n\nTranslation: Part 2 of Article 208 of the Criminal Code', legalProvision: 'ч. 2 ст. 208', category: 'armed_group' }
    ])
    expect(warnings).toEqual(['/arrest_warrants/2: no charge text'])
  })

  it('shortens an overlong charge to the schema limit', () => {
    const { body, warnings } = importOf(variant((d) => { d.arrest_warrants[0].charge = 'Fraud '.repeat(1000) }))
    expect([...body.charges![0]!.description]).toHaveLength(2000)
    expect(warnings).toEqual(['/arrest_warrants/0/charge: longer than 2000 characters, shortened'])
  })

  it('accepts fields Interpol may add later', () => {
    expect(importOf(variant((d) => { d.new_field = { x: 1 }; d.arrest_warrants[0].warrant_date = '2019' })).body.requestingCountry).toBe('RU')
  })

  it('ignores an unknown sex_id, including inherited property names', () => {
    for (const sexId of ['X', 'toString']) {
      const { body, warnings } = importOf(variant((d) => { d.sex_id = sexId }))
      expect(body.subject).not.toHaveProperty('gender')
      expect(warnings).toEqual(['/sex_id: unknown code, gender left out'])
    }
  })

  it('warnings never quote the document, so they are safe to log', () => {
    const { warnings } = importOf(variant((d) => {
      d.date_of_birth = '1982'
      d.nationalities = ['ARSEN']
      d.arrest_warrants.push({ issuing_country_id: 'KURMAN', charge: 'x', charge_translation: null })
    }))
    expect(warnings).toHaveLength(3)
    expect(warnings.join(' ')).not.toMatch(/KURMAN|ARSEN|1982/)
  })

  it('joins a name spread over lines into one line', () => {
    expect(importOf(variant((d) => { d.forename = 'ARSEN\r\nALI' })).body.subject.fullName).toBe('ARSEN ALI KURMANBAEV')
  })

  it('refuses a malformed retrieval date from the caller', () => {
    expect(() => interpolNoticeToRedNotice(sample(RU), { retrievedOn: '2025/03/01' })).toThrow(TypeError)
  })
})

describe('refusals', () => {
  it.each([
    ['no name', (d: any) => { d.forename = '-'; d.name = null }, /no name/],
    ['no arrest warrants', (d: any) => { d.arrest_warrants = null }, /requesting state is unknown/],
    ['a non-ISO issuing state only', (d: any) => { d.arrest_warrants[0].issuing_country_id = '914' }, /requesting state is unknown/],
    ['a malformed entity_id', (d: any) => { d.entity_id = '2019-114539' }, /Not an Interpol red-notice detail/],
    ['a missing entity_id', (d: any) => { delete d.entity_id }, /Not an Interpol red-notice detail/],
    ['a number as name', (d: any) => { d.name = 42 }, /Not an Interpol red-notice detail/],
    ['too many fields', (d: any) => { for (let i = 0; i < 70; i++) d[`f${i}`] = i }, /Not an Interpol red-notice detail/]
  ])('%s', (_name, change, message) => {
    expect(() => interpolNoticeToRedNotice(variant(change))).toThrow(message)
  })

  it('Interpol\'s 404 body', () => {
    expect(() => parseInterpolNotice({ status: 404, name: 'NotFoundError', message: 'Not Found' })).toThrow(/error answer/)
  })

  it('errors point at fields and never echo the submitted value', () => {
    const doc = variant((d) => { d.name = 12345678 })
    try {
      parseInterpolNotice(doc)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(InterpolNoticeError)
      const { errors, message } = error as InterpolNoticeError
      expect(errors[0]?.pointer).toBe('/name')
      expect(JSON.stringify({ errors, message })).not.toContain('12345678')
    }
  })
})

describe('any document the schema accepts maps to a valid report or a clear refusal', () => {
  const text = fc.oneof(fc.constant(null), fc.constant('-'), fc.constant('string'), fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }))
  const code = fc.oneof(fc.constantFrom('RU', 'KZ', 'DE', '914', 'ru', '', '-'), fc.string({ maxLength: 4 }))
  const doc = fc.record({
    entity_id: fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 999999 })).map(([y, n]) => `${y}/${n}`),
    forename: text,
    name: text,
    date_of_birth: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replaceAll('-', '/'))),
    sex_id: fc.oneof(fc.constantFrom('M', 'F', 'U', null), fc.string({ maxLength: 8 })),
    nationalities: fc.oneof(fc.constant(null), fc.array(code, { maxLength: 20 })),
    arrest_warrants: fc.oneof(fc.constant(null), fc.array(fc.record({
      issuing_country_id: fc.oneof(fc.constant(null), code),
      charge: fc.oneof(text, fc.string({ maxLength: 3000 })),
      charge_translation: text
    }), { maxLength: 60 }))
  }, { requiredKeys: ['entity_id'] })

  it('never throws anything but InterpolNoticeError, and every body validates', () => {
    fc.assert(fc.property(doc, (d) => {
      try {
        const { body } = interpolNoticeToRedNotice(d)
        expect(validate(RedNoticeInputSchema, body).errors).toBeNull()
      } catch (error) {
        expect(error).toBeInstanceOf(InterpolNoticeError)
      }
    }), { numRuns: 300 })
  })
})
