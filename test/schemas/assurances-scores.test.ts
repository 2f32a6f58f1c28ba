import { describe, expect, it } from 'vitest'
import { AssuranceInputSchema } from '../../src/schemas/assurances.ts'
import { ProblemSchema } from '../../src/schemas/common.ts'
import { ScoreHistorySchema, ScorePendingSchema, ScoreSchema } from '../../src/schemas/scores.ts'
import { assuranceBody, objectPointers, validate, withMember } from './helpers.ts'

describe('AssuranceInputSchema', () => {
  it('accepts the example and a minimal body', () => {
    expect(validate(AssuranceInputSchema, assuranceBody()).errors).toBeNull()
    expect(validate(AssuranceInputSchema, { givingState: 'UZ', receivingState: 'DE' }).valid).toBe(true)
  })

  it('takes what the assurance covers as a non-empty list without repeats', () => {
    expect(validate(AssuranceInputSchema, { givingState: 'EG', receivingState: 'SE', covers: ['death_penalty', 'fair_trial'] }).valid).toBe(true)
    expect(validate(AssuranceInputSchema, { givingState: 'EG', receivingState: 'SE', covers: [] }).errors?.[0]?.keyword).toBe('minItems')
    expect(validate(AssuranceInputSchema, { givingState: 'EG', receivingState: 'SE', covers: ['death_penalty', 'death_penalty'] }).errors?.[0]?.keyword).toBe('uniqueItems')
  })

  it.each(['givingState', 'receivingState'])('requires %s', (key) => {
    const body = assuranceBody()
    delete body[key]
    expect(validate(AssuranceInputSchema, body).errors?.[0]?.keyword).toBe('required')
  })

  const pointers = objectPointers(assuranceBody())
  it('covers every nesting level', () => expect(pointers).toEqual(['', '/givenBy', '/monitoring']))

  it.each(pointers)('rejects unknown and "__proto__" members at "%s"', (pointer) => {
    expect(validate(AssuranceInputSchema, withMember(assuranceBody(), pointer, 'extra', 1)).errors?.[0]?.keyword).toBe('additionalProperties')
    const parsed = JSON.parse(JSON.stringify(withMember(assuranceBody(), pointer, '__proto__', { x: 1 })))
    expect(validate(AssuranceInputSchema, parsed).errors?.[0]?.keyword).toBe('additionalProperties')
  })

  it.each([
    ['givenBy.level', (b: any) => { b.givenBy.level = 'president' }],
    ['form', (b: any) => { b.form = 'email' }],
    ['specificity', (b: any) => { b.specificity = 'vague' }],
    ['monitoring.mechanism', (b: any) => { b.monitoring.mechanism = 'ombudsman' }],
    ['monitoring.lawyerAccess', (b: any) => { b.monitoring.lawyerAccess = 'full' }],
    ['priorCompliance', (b: any) => { b.priorCompliance = 'yes' }],
    ['covers', (b: any) => { b.covers = ['extradition'] }]
  ])('rejects a value outside the %s vocabulary', (_name, mutate) => {
    const body = assuranceBody()
    mutate(body)
    expect(validate(AssuranceInputSchema, body).errors?.[0]?.keyword).toBe('enum')
  })

  it.each([
    ['an oversize name', (b: any) => { b.subjectFullName = 'A'.repeat(301) }],
    ['oversize notes', (b: any) => { b.notes = 'A'.repeat(5001) }],
    ['an oversize authority', (b: any) => { b.givenBy.authority = 'A'.repeat(301) }],
    ['a bad redNoticeId', (b: any) => { b.redNoticeId = '123' }],
    ['a string boolean', (b: any) => { b.bindsState = 'yes' }],
    ['an empty givenBy', (b: any) => { b.givenBy = {} }]
  ])('rejects %s', (_name, mutate) => {
    const body = assuranceBody()
    mutate(body)
    expect(validate(AssuranceInputSchema, body).valid).toBe(false)
  })
})

describe('score schemas', () => {
  const score = {
    score: 78,
    band: 'critical',
    rulesetVersion: '2025.1',
    revision: 2,
    scoredAt: '2025-01-02T10:00:00Z',
    contributions: [{ indicatorId: 'charge_armed_group', points: 25, evidence: ['/charges/0/category'], explanation: 'Art. 208 charge.' }]
  }

  it('accepts a score, a history page and pending answers', () => {
    expect(validate(ScoreSchema, score).errors).toBeNull()
    expect(validate(ScoreHistorySchema, { items: [score], nextCursor: 'abc' }).errors).toBeNull()
    expect(validate(ScorePendingSchema, { status: 'pending', revision: 3 }).errors).toBeNull()
    expect(validate(ScorePendingSchema, { status: 'failed', revision: 3, detail: 'ruleset error' }).errors).toBeNull()
  })

  it.each([
    ['a score above 100', { ...score, score: 101 }],
    ['a fractional score', { ...score, score: 50.5 }],
    ['an unknown band', { ...score, band: 'severe' }],
    ['revision 0', { ...score, revision: 0 }],
    ['too much evidence', { ...score, contributions: [{ ...score.contributions[0], evidence: Array(21).fill('/x') }] }],
    ['an unknown contribution member', { ...score, contributions: [{ ...score.contributions[0], weight: 1 }] }]
  ])('rejects %s', (_name, value) => {
    expect(validate(ScoreSchema, value).valid).toBe(false)
  })

  it('rejects a pending answer with status scored', () => {
    expect(validate(ScorePendingSchema, { status: 'scored', revision: 1 }).valid).toBe(false)
  })
})

describe('ProblemSchema', () => {
  it('accepts a validation problem and rejects extras', () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'body is invalid', errors: [{ pointer: '/subject', message: 'must NOT have additional properties' }] }
    expect(validate(ProblemSchema, problem).errors).toBeNull()
    expect(validate(ProblemSchema, { ...problem, stack: 'x' }).valid).toBe(false)
  })
})
