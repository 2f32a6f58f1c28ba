import { describe, expect, it } from 'vitest'
import { RedNoticeInputSchema, RedNoticePatchSchema } from '../../src/schemas/red-notices.ts'
import { AssuranceInputSchema, AssurancePatchSchema } from '../../src/schemas/assurances.ts'
import { applyMergePatch } from '../../src/schemas/merge-patch.ts'
import { assuranceBody, redNoticeBody, validate } from './helpers.ts'

type Props = { properties?: Record<string, Props & { anyOf?: Props[] }> }

/** The object schema behind a member, looking through `T | null`. */
function objectOf (schema: Props & { anyOf?: Props[] }): Props | undefined {
  if (schema.properties !== undefined) return schema
  return schema.anyOf?.find((branch) => branch.properties !== undefined)
}

describe('patch schemas cover every member of the POST schemas', () => {
  // A member added to the POST schema but forgotten in the PATCH schema could never be changed.
  function compare (input: Props, patch: Props, path: string) {
    expect(Object.keys(patch.properties ?? {}).sort(), path).toEqual(Object.keys(input.properties ?? {}).sort())
    for (const [key, member] of Object.entries(input.properties ?? {})) {
      const inputObject = objectOf(member)
      if (inputObject !== undefined) compare(inputObject, objectOf(patch.properties![key]!)!, `${path}/${key}`)
    }
  }
  it('red notices', () => compare(RedNoticeInputSchema as Props, RedNoticePatchSchema as Props, ''))
  it('assurances', () => compare(AssuranceInputSchema as Props, AssurancePatchSchema as Props, ''))
})

describe('RedNoticePatchSchema', () => {
  it.each([
    ['a status change', { status: 'challenged' }],
    ['removing an optional member', { interpolNoticeId: null, issuedOn: null }],
    ['a subject change without the name', { subject: { profiles: ['journalist'], dateOfBirth: null } }],
    ['a partial asylum', { subject: { asylum: { since: '2022-01-01' } } }],
    ['removing asylum', { subject: { asylum: null } }],
    ['replacing the events', { events: [{ type: 'ccf_complaint', date: '2024-01-01' }] }],
    ['removing the sources', { sources: null }]
  ])('accepts %s', (_name, patch) => {
    expect(validate(RedNoticePatchSchema, patch).errors).toBeNull()
  })

  it.each([
    ['an empty patch', {}],
    ['removing a required member', { mechanism: null }],
    ['removing the subject', { subject: null }],
    ['removing the name', { subject: { fullName: null } }],
    ['an empty subject', { subject: {} }],
    ['an unknown member', { partnerId: 'x' }],
    ['an unknown subject member', { subject: { photo: 'x' } }],
    ['an unknown asylum member', { subject: { asylum: { judge: 'x' } } }],
    ['an invalid event', { events: [{ type: 'arrest', grounds: 'political' }] }],
    ['a bad enum', { status: 'gone' }],
    ['an oversize name', { subject: { fullName: 'A'.repeat(301) } }]
  ])('rejects %s', (_name, patch) => {
    expect(validate(RedNoticePatchSchema, patch).valid).toBe(false)
  })

  it('merges into a stored report and the result is a valid report', () => {
    const stored = redNoticeBody()
    const merged = applyMergePatch(stored, {
      status: 'challenged',
      interpolNoticeId: null,
      subject: { profiles: ['journalist'], asylum: { status: 'recognized_refugee' }, notes: null },
      events: [{ type: 'ccf_complaint' }]
    }) as any
    expect(validate(RedNoticeInputSchema, merged).errors).toBeNull()
    expect(merged.status).toBe('challenged')
    expect(merged).not.toHaveProperty('interpolNoticeId')
    expect(merged.subject.fullName).toBe(stored.subject.fullName)
    expect(merged.subject.profiles).toEqual(['journalist'])
    expect(merged.subject.asylum).toEqual({ ...stored.subject.asylum, status: 'recognized_refugee' })
    expect(merged.events).toEqual([{ type: 'ccf_complaint' }])
    expect(merged.charges).toEqual(stored.charges)
    expect(stored.status).toBe('active') // inputs are not mutated
  })

  it('a patch can be well-formed yet produce an invalid report; the caller must check (422)', () => {
    const stored = redNoticeBody()
    delete stored.subject.asylum
    const patch = { subject: { asylum: { country: 'FR' } } }
    expect(validate(RedNoticePatchSchema, patch).valid).toBe(true)
    expect(validate(RedNoticeInputSchema, applyMergePatch(stored, patch)).valid).toBe(false)
  })
})

describe('AssurancePatchSchema', () => {
  it('accepts a merge of monitoring and removal of notes', () => {
    const patch = { monitoring: { lawyerAccess: 'none' }, notes: null }
    expect(validate(AssurancePatchSchema, patch).errors).toBeNull()
    const merged = applyMergePatch(assuranceBody(), patch) as any
    expect(validate(AssuranceInputSchema, merged).errors).toBeNull()
    expect(merged.monitoring).toEqual({ mechanism: 'consular_visits', lawyerAccess: 'none' })
    expect(merged).not.toHaveProperty('notes')
  })

  it.each([
    ['removing the giving state', { givingState: null }],
    ['an unknown givenBy member', { givenBy: { person: 'x' } }],
    ['an empty patch', {}]
  ])('rejects %s', (_name, patch) => {
    expect(validate(AssurancePatchSchema, patch).valid).toBe(false)
  })
})

describe('applyMergePatch follows RFC 7396 Appendix A', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }]
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected)
  })

  it('refuses prototype-polluting members', () => {
    const patch = JSON.parse('{"subject":{"__proto__":{"polluted":true}}}')
    expect(() => applyMergePatch({ subject: {} }, patch)).toThrow(TypeError)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
