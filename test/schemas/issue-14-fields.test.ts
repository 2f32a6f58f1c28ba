import { describe, expect, it } from 'vitest'
import { RedNoticeFactsSchema, RedNoticeInputSchema, RedNoticePatchSchema } from '../../src/schemas/red-notices.ts'
import { splitRedNoticeIdentity } from '../../src/schemas/identity.ts'
import { toRedNoticeFacts } from '../../src/scoring/facts.ts'
import { redNoticeBody, validate } from './helpers.ts'

// The additive contract of issue #14: charge timing and particulars, political context, conviction events.
const body = {
  ...redNoticeBody(),
  charges: [{ description: 'Embezzlement of state funds', category: 'abuse_of_office', chargedOn: '2021-03-01', particulars: 'general' }],
  politicalContext: [{ type: 'change_of_government', date: '2020-11-10' }, { type: 'left_office' }],
  events: [{ type: 'co_defendants_convicted', country: 'DE' }, { type: 'conviction', date: '2019-01-01', country: 'FR' }]
}

describe('issue #14 contract additions', () => {
  it('accepts chargedOn, particulars, politicalContext and the new charge and event values', () => {
    expect(validate(RedNoticeInputSchema, body).valid).toBe(true)
    expect(validate(RedNoticeInputSchema, { ...body, charges: [{ description: 'x', category: 'international_crime', particulars: 'specific' }] }).valid).toBe(true)
  })

  it('rejects unknown particulars, unknown context types and more than ten context events', () => {
    expect(validate(RedNoticeInputSchema, { ...body, charges: [{ description: 'x', category: 'other', particulars: 'vague' }] }).valid).toBe(false)
    expect(validate(RedNoticeInputSchema, { ...body, politicalContext: [{ type: 'coup' }] }).valid).toBe(false)
    expect(validate(RedNoticeInputSchema, { ...body, politicalContext: Array.from({ length: 11 }, () => ({ type: 'election' })) }).valid).toBe(false)
    expect(validate(RedNoticeInputSchema, { ...body, charges: [{ description: 'x', category: 'other', chargedOn: '2021-13-01' }] }).valid).toBe(false)
  })

  it('PATCH can set and remove politicalContext', () => {
    expect(validate(RedNoticePatchSchema, { politicalContext: [{ type: 'election', date: '2024-01-01' }] }).valid).toBe(true)
    expect(validate(RedNoticePatchSchema, { politicalContext: null }).valid).toBe(true)
  })

  it('the stored facts keep the new members and the worker maps them to domain facts', () => {
    const { facts } = splitRedNoticeIdentity(body as never)
    expect(validate(RedNoticeFactsSchema, facts).valid).toBe(true)
    const domain = toRedNoticeFacts(facts as Record<string, unknown>)
    expect(domain.politicalContext).toEqual(body.politicalContext)
    expect(domain.charges[0]).toMatchObject({ chargedOn: '2021-03-01', particulars: 'general' })
    expect(domain.events.map(e => e.type)).toEqual(['co_defendants_convicted', 'conviction'])
  })
})
