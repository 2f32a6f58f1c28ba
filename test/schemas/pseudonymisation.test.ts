import fastJson from 'fast-json-stringify'
import { describe, expect, it } from 'vitest'
import {
  EVENT_IDENTITY_FIELDS, IDENTITY_FIELDS, REPORT_IDENTITY_FIELDS, RedNoticeFactsSchema, RedNoticePseudonymisedPageSchema,
  RedNoticePseudonymisedSchema, RedNoticeSchema, SOURCE_IDENTITY_FIELDS
} from '../../src/schemas/red-notices.ts'
import {
  ASSURANCE_IDENTITY_FIELDS, AssuranceFactsSchema, AssurancePseudonymisedSchema, AssuranceSchema
} from '../../src/schemas/assurances.ts'
import {
  joinAssuranceIdentity, joinRedNoticeIdentity, joinRedNoticeIdentityInto, splitAssuranceIdentity, splitRedNoticeIdentity
} from '../../src/schemas/identity.ts'
import type { RedNoticeInput } from '../../src/schemas/red-notices.ts'
import type { AssuranceInput } from '../../src/schemas/assurances.ts'
import { assuranceBody, redNoticeBody, subSchemas, validate } from './helpers.ts'

const IDENTIFYING = new Set<string>([
  ...IDENTITY_FIELDS, ...EVENT_IDENTITY_FIELDS, ...SOURCE_IDENTITY_FIELDS, ...REPORT_IDENTITY_FIELDS, ...ASSURANCE_IDENTITY_FIELDS
])
const CANARY = 'Zelimkhan-Canary'

const meta = {
  id: '6f1c3c1e-8d2a-4c59-9a39-2b2f4f2e0a11',
  subjectId: '1d6a2f0c-52b1-4a3e-8d4e-77f0c9b7a001',
  revision: 2,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-02T10:00:00.000Z',
  withdrawnAt: null,
  erasedAt: null,
  scoreStatus: 'scored',
  currentScore: { score: 81, band: 'critical' }
}

/** A report body with a canary in every identifying member. */
function canaryBody () {
  const body = redNoticeBody()
  body.subject.fullName = `${CANARY} name`
  body.subject.aliases = [`${CANARY} alias`]
  body.subject.dateOfBirth = '1982-12-02'
  body.subject.notes = `${CANARY} notes`
  body.events[0].note = `${CANARY} event note`
  body.sources[1].reference = `${CANARY} court file`
  return body
}

/** A stored report as a handler might hand it over, with fields no response schema declares. */
function fullRecord () {
  return { ...meta, otherReportsOnSubject: 1, partnerId: 'partner-secret', encryptedIdentity: `${CANARY} blob`, ...canaryBody() }
}

describe('pseudonymised schemas contain no identifying member, by construction', () => {
  it('lists the identifying members api.md names', () => {
    expect([...IDENTITY_FIELDS]).toEqual(['fullName', 'aliases', 'dateOfBirth', 'notes'])
    expect([...SOURCE_IDENTITY_FIELDS]).toEqual(['reference'])
    expect([...EVENT_IDENTITY_FIELDS]).toEqual(['note'])
    expect([...ASSURANCE_IDENTITY_FIELDS]).toEqual(['subjectFullName', 'notes'])
  })

  for (const [name, schema] of Object.entries({ RedNoticePseudonymisedSchema, RedNoticeFactsSchema, AssurancePseudonymisedSchema, AssuranceFactsSchema })) {
    it(`${name} declares none of them at any depth`, () => {
      for (const [path, node] of subSchemas(schema)) {
        for (const key of Object.keys((node.properties ?? {}) as object)) expect(IDENTIFYING.has(key), `${path}/${key}`).toBe(false)
      }
    })
  }
})

describe('serialising with fast-json-stringify, as Fastify does', () => {
  it('the pseudonymised schema drops every identity and undeclared field', () => {
    const output = fastJson(RedNoticePseudonymisedSchema)(fullRecord())
    expect(output).not.toContain(CANARY)
    expect(output).not.toContain('1982-12-02')
    expect(output).not.toContain('partner-secret')
    expect(output).not.toContain('ws-public.interpol.int')
    expect(output).not.toContain('2019/114539')
    const parsed = JSON.parse(output)
    expect(parsed.subject).not.toHaveProperty('fullName')
    expect(parsed.sources[0]).toEqual({ kind: 'interpol_public', date: '2020-02-11' })
    expect(parsed.subject.profiles).toEqual(['ethnic_minority', 'activist'])
    expect(parsed.charges[0].category).toBe('armed_group')
    expect(validate(RedNoticePseudonymisedSchema, parsed).errors).toBeNull()
  })

  it('also inside a list page', () => {
    const output = fastJson(RedNoticePseudonymisedPageSchema)({ items: [fullRecord(), fullRecord()], nextCursor: null })
    expect(output).not.toContain(CANARY)
    expect(JSON.parse(output).items).toHaveLength(2)
  })

  it('the reporter\'s schema keeps identities but not undeclared fields', () => {
    const parsed = JSON.parse(fastJson(RedNoticeSchema)(fullRecord()))
    expect(parsed.subject.fullName).toBe(`${CANARY} name`)
    expect(parsed.sources[1].reference).toBe(`${CANARY} court file`)
    expect(parsed.interpolNoticeId).toBe('2019/114539')
    expect(parsed).not.toHaveProperty('partnerId')
    expect(parsed).not.toHaveProperty('encryptedIdentity')
    expect(validate(RedNoticeSchema, parsed).errors).toBeNull()
  })

  it('an erased report serialises through the reporter\'s schema without identities', () => {
    const { facts } = splitRedNoticeIdentity(redNoticeBody() as RedNoticeInput)
    const erased = { ...meta, erasedAt: '2025-02-01T00:00:00.000Z', otherReportsOnSubject: 0, ...facts }
    const parsed = JSON.parse(fastJson(RedNoticeSchema)(erased))
    expect(parsed.subject).not.toHaveProperty('fullName')
    expect(validate(RedNoticeSchema, parsed).errors).toBeNull()
  })

  it('assurances: the pseudonymised schema drops the name and notes', () => {
    const record = { ...meta, ...assuranceBody(), subjectFullName: `${CANARY} name`, notes: `${CANARY} notes`, partnerId: 'p' }
    const output = fastJson(AssurancePseudonymisedSchema)(record)
    expect(output).not.toContain(CANARY)
    expect(JSON.parse(output).monitoring).toEqual({ mechanism: 'consular_visits', lawyerAccess: 'limited' })
    const full = JSON.parse(fastJson(AssuranceSchema)(record))
    expect(full.subjectFullName).toBe(`${CANARY} name`)
    expect(full).not.toHaveProperty('partnerId')
  })
})

describe('identity split', () => {
  it('red notice: facts carry no identity and fit the closed facts schema; join restores the input', () => {
    const input = canaryBody() as RedNoticeInput
    const { facts, identity } = splitRedNoticeIdentity(input)
    expect(JSON.stringify(facts)).not.toContain(CANARY)
    expect(JSON.stringify(facts)).not.toContain('2019/114539')
    expect(validate(RedNoticeFactsSchema, facts).errors).toBeNull()
    expect(identity.sourceReferences).toHaveLength(input.sources!.length)
    expect(identity.eventNotes).toEqual([`${CANARY} event note`, null, null])
    expect(joinRedNoticeIdentity(facts, identity)).toEqual(input)
    expect(JSON.stringify(joinRedNoticeIdentity(facts, null))).not.toContain(CANARY)
  })

  it('red notice without optional identities round-trips without undefined members', () => {
    const input = { mechanism: 'wanted_list', requestingCountry: 'BY', subject: { fullName: 'X' } } as RedNoticeInput
    const { facts, identity } = splitRedNoticeIdentity(input)
    expect(identity).toEqual({ subject: { fullName: 'X' }, eventNotes: [], sourceReferences: [] })
    expect(joinRedNoticeIdentity(facts, identity)).toEqual(input)
  })

  it('red notice: the join in place gives what the copying join gives, and the copying join leaves the facts alone', () => {
    const input = canaryBody() as RedNoticeInput
    const { facts, identity } = splitRedNoticeIdentity(input)
    const stored = JSON.stringify(facts)
    expect(joinRedNoticeIdentity(facts, identity)).toEqual(input)
    expect(JSON.stringify(facts)).toBe(stored)
    expect(joinRedNoticeIdentityInto(JSON.parse(stored), identity)).toEqual(input)
    expect(joinRedNoticeIdentityInto(JSON.parse(stored), null)).toEqual(facts)
  })

  it('assurance', () => {
    const input = assuranceBody() as AssuranceInput
    const { facts, identity } = splitAssuranceIdentity(input)
    expect(validate(AssuranceFactsSchema, facts).errors).toBeNull()
    expect(identity).toEqual({ subjectFullName: 'Aslan Testov', notes: 'Canary note' })
    expect(joinAssuranceIdentity(facts, identity)).toEqual(input)
  })
})
