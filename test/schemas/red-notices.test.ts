// safe-regex2 comes with fastify (find-my-way); it should become a direct devDependency.
import safeRegex from 'safe-regex2'
import { describe, expect, it } from 'vitest'
import { InterpolNoticeSchema } from '../../src/domain/interpol.ts'
import {
  RedNoticeFactsSchema, RedNoticeInputSchema, RedNoticePatchSchema, RedNoticePseudonymisedSchema, RedNoticeSchema
} from '../../src/schemas/red-notices.ts'
import { AssuranceInputSchema, AssurancePatchSchema, AssurancePseudonymisedSchema, AssuranceSchema } from '../../src/schemas/assurances.ts'
import { ProblemSchema } from '../../src/schemas/common.ts'
import { ScoreHistorySchema, ScorePendingSchema, ScoreSchema } from '../../src/schemas/scores.ts'
import { objectPointers, redNoticeBody, subSchemas, validate, withMember } from './helpers.ts'

const ALL_SCHEMAS = {
  RedNoticeInputSchema,
  RedNoticePatchSchema,
  RedNoticeSchema,
  RedNoticePseudonymisedSchema,
  RedNoticeFactsSchema,
  AssuranceInputSchema,
  AssurancePatchSchema,
  AssuranceSchema,
  AssurancePseudonymisedSchema,
  ScoreSchema,
  ScorePendingSchema,
  ScoreHistorySchema,
  ProblemSchema
}

describe('every schema follows docs/security.md §4', () => {
  for (const [name, schema] of Object.entries(ALL_SCHEMAS)) {
    it(`${name}: objects closed, strings and arrays bounded, no defaults`, () => {
      for (const [path, node] of subSchemas(schema)) {
        if (node.type === 'object') expect(node.additionalProperties, path).toBe(false)
        if (node.type === 'string' && node.enum === undefined) expect(node.maxLength, path).toBeTypeOf('number')
        if (node.type === 'array') expect(node.maxItems, path).toBeTypeOf('number')
        // With ajv `useDefaults`, a default in a PATCH schema would overwrite stored values.
        expect(node, path).not.toHaveProperty('default')
        if (typeof node.pattern === 'string') expect(safeRegex(node.pattern), path).toBe(true)
      }
    })
  }

  it('InterpolNoticeSchema: open objects (Interpol adds fields) but bounded everywhere', () => {
    for (const [path, node] of subSchemas(InterpolNoticeSchema)) {
      if (node.type === 'object') expect(node.maxProperties, path).toBeTypeOf('number')
      if (node.type === 'string') expect(node.maxLength, path).toBeTypeOf('number')
      if (node.type === 'array') expect(node.maxItems, path).toBeTypeOf('number')
      if (typeof node.pattern === 'string') expect(safeRegex(node.pattern), path).toBe(true)
    }
  })
})

describe('RedNoticeInputSchema', () => {
  it('accepts the documented example and a minimal body', () => {
    expect(validate(RedNoticeInputSchema, redNoticeBody()).errors).toBeNull()
    const minimal = { mechanism: 'diffusion', requestingCountry: 'TJ', subject: { fullName: 'A' } }
    expect(validate(RedNoticeInputSchema, minimal).valid).toBe(true)
  })

  it.each([
    ['/mechanism'], ['/requestingCountry'], ['/subject'], ['/subject/fullName'], ['/subject/asylum/status'],
    ['/charges/0/description'], ['/charges/0/category'], ['/events/0/type']
  ])('rejects a body without required %s', (pointer) => {
    const body = redNoticeBody()
    const parts = pointer.split('/').slice(1)
    const last = parts.pop() as string
    delete parts.reduce((node, part) => node[part], body)[last]
    const result = validate(RedNoticeInputSchema, body)
    expect(result.valid).toBe(false)
    expect(result.errors?.[0]?.keyword).toBe('required')
  })

  const pointers = objectPointers(redNoticeBody())
  it('covers every nesting level of the example', () => {
    expect(pointers).toEqual(expect.arrayContaining(['', '/subject', '/subject/asylum', '/charges/0', '/events/0', '/sources/0']))
  })

  it.each(pointers)('rejects an unknown property at "%s"', (pointer) => {
    const result = validate(RedNoticeInputSchema, withMember(redNoticeBody(), pointer, 'partnerId', 'x'))
    expect(result.valid).toBe(false)
    expect(result.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', instancePath: pointer, params: { additionalProperty: 'partnerId' } })
  })

  it.each(pointers)('rejects a "__proto__" member at "%s"', (pointer) => {
    const body = withMember(redNoticeBody(), pointer, '__proto__', { isAdmin: true })
    // The way it arrives from a JSON body: an own property named "__proto__".
    const parsed = JSON.parse(JSON.stringify(body))
    const result = validate(RedNoticeInputSchema, parsed)
    expect(result.valid).toBe(false)
    expect(result.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: '__proto__' } })
  })

  it.each([
    ['/subject/fullName', 300], ['/subject/notes', 5000], ['/subject/aliases/0', 300], ['/subject/ethnicity', 100],
    ['/subject/religion', 100], ['/charges/0/description', 2000], ['/charges/0/legalProvision', 200],
    ['/events/0/note', 2000], ['/sources/0/reference', 2000], ['/interpolNoticeId', 40]
  ])('bounds %s to %i characters', (pointer, max) => {
    const set = (value: string) => {
      const body = redNoticeBody()
      const parts = pointer.split('/').slice(1)
      const last = parts.pop() as string
      parts.reduce((node, part) => node[part], body)[last] = value
      return validate(RedNoticeInputSchema, body)
    }
    expect(set('A'.repeat(max)).valid).toBe(true)
    const over = set('A'.repeat(max + 1))
    expect(over.valid).toBe(false)
    expect(over.errors?.[0]).toMatchObject({ keyword: 'maxLength', instancePath: pointer })
  })

  it.each([
    ['/subject/aliases', 20, () => `alias ${Math.random()}`],
    ['/subject/nationalities', 10, (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))],
    ['/charges', 50, () => ({ description: 'x', category: 'other' })],
    ['/events', 200, () => ({ type: 'arrest' })],
    ['/sources', 50, () => ({ kind: 'media' })],
    ['/linkedReportIds', 50, (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]
  ] as const)('bounds %s to %i items', (pointer, max, make) => {
    const body = redNoticeBody()
    const parts = pointer.split('/').slice(1)
    const last = parts.pop() as string
    const parent = parts.reduce((node, part) => node[part], body)
    parent[last] = Array.from({ length: max }, (_, i) => make(i))
    expect(validate(RedNoticeInputSchema, body).errors).toBeNull()
    parent[last] = Array.from({ length: max + 1 }, (_, i) => make(i))
    expect(validate(RedNoticeInputSchema, body).errors?.[0]).toMatchObject({ keyword: 'maxItems', instancePath: pointer })
  })

  it.each([
    ['mechanism', (b: any) => { b.mechanism = 'kidnapping' }],
    ['status', (b: any) => { b.status = 'ACTIVE' }],
    ['profile', (b: any) => { b.subject.profiles = ['spy'] }],
    ['gender', (b: any) => { b.subject.gender = 'M' }],
    ['asylum status', (b: any) => { b.subject.asylum.status = 'refugee' }],
    ['charge category', (b: any) => { b.charges[0].category = 'political' }],
    ['event type', (b: any) => { b.events[0].type = 'published' }],
    ['grounds', (b: any) => { b.events[2].grounds = 'bias' }],
    ['source kind', (b: any) => { b.sources[0].kind = 'interpol' }]
  ])('rejects a value outside the %s vocabulary', (_name, mutate) => {
    const body = redNoticeBody()
    mutate(body)
    const result = validate(RedNoticeInputSchema, body)
    expect(result.valid).toBe(false)
    expect(result.errors?.[0]?.keyword).toBe('enum')
  })

  it.each([
    ['a lower-case country', (b: any) => { b.requestingCountry = 'ru' }],
    ['an alpha-3 country', (b: any) => { b.subject.nationalities = ['RUS'] }],
    ['an impossible date', (b: any) => { b.subject.dateOfBirth = '1982-02-30' }],
    ['an Interpol-style date', (b: any) => { b.issuedOn = '2019/06/14' }],
    ['a bad uuid', (b: any) => { b.linkedReportIds = ['not-a-uuid'] }],
    ['a duplicate nationality', (b: any) => { b.subject.nationalities = ['RU', 'RU'] }],
    ['a duplicate profile', (b: any) => { b.subject.profiles = ['activist', 'activist'] }],
    ['a string where a boolean belongs (no coercion)', (b: any) => { b.subject.relativesPressured = 'true' }],
    ['an empty name', (b: any) => { b.subject.fullName = '' }],
    ['a NUL character, which PostgreSQL refuses', (b: any) => { b.subject.fullName = 'Aslan\u0000Testov' }],
    ['an Interpol id with a quote', (b: any) => { b.interpolNoticeId = '2019/1\'--' }],
    ['an empty source', (b: any) => { b.sources = [{}] }],
    ['grounds on an arrest', (b: any) => { b.events[1].grounds = 'political' }]
  ])('rejects %s', (_name, mutate) => {
    const body = redNoticeBody()
    mutate(body)
    expect(validate(RedNoticeInputSchema, body).valid).toBe(false)
  })

  it('accepts grounds on notice_deleted and extradition_refused', () => {
    const body = redNoticeBody()
    body.events = [{ type: 'notice_deleted', grounds: 'political' }, { type: 'extradition_refused', grounds: 'refugee_status' }]
    expect(validate(RedNoticeInputSchema, body).errors).toBeNull()
  })

  it('accepts an Interpol control number as interpolNoticeId', () => {
    const body = redNoticeBody()
    body.interpolNoticeId = 'A-10053/11-2018'
    expect(validate(RedNoticeInputSchema, body).valid).toBe(true)
  })
})
