import { describe, expect, it } from 'vitest'
import { rulesetByVersion, scoreRedNotice } from '../../src/domain/index.ts'
import type { CountryContext, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'
import { contribution, country, redNotice } from './fixtures.ts'

// Ruleset 2026.12.6 (docs/scoring-evaluation.md): specific particulars count for economic charges as for the
// others, and a charge whose particulars name the act is not read as undescribed.
const V6 = rulesetByVersion('2026.12.6')
const V5 = rulesetByVersion('2026.12.5')
if (V6 === undefined || V5 === undefined) throw new Error('rulesets 2026.12.5 and 2026.12.6 must be registered')

const ctx = (requesting: string): ScoringContext => ({
  requestingCountry: country(requesting),
  countryOf: (code: string): CountryContext | null => country(code),
  linked: NO_LINKED_REPORTS
})
const points = (f: RedNoticeFacts, id: string, rs = V6): number | undefined => contribution(scoreRedNotice(f, ctx(f.requestingCountry), rs), id)?.points

describe('2026.12.6 against 2026.12.5', () => {
  it('has the band limits and weights of 2026.12.5', () => {
    expect(V6.bandLimits).toBe(V5.bandLimits)
    const weights = (rs: typeof V6): string[] => [...rs.redNotice.catalogue, ...rs.assurance.catalogue].map(i => `${i.id}:${i.weight}:${(i.tiers ?? []).map(t => t.points).join('/')}`)
    expect(weights(V6)).toEqual(weights(V5))
  })
})

describe('specific economic charges', () => {
  const fraud = (requestingCountry: string, particulars: 'specific' | 'general' = 'specific'): RedNoticeFacts =>
    redNotice({ requestingCountry, charges: [{ category: 'fraud', particulars }, { category: 'abuse_of_office', particulars }] })

  it('mitigate by the independence of the requesting state\'s courts: 15 where Free, 8 where Partly Free, nothing where Not Free', () => {
    expect(points(fraud('FR'), 'specific-checkable-charges')).toBe(-15)
    expect(points(fraud('MD'), 'specific-checkable-charges')).toBe(-8)
    expect(points(fraud('RU'), 'specific-checkable-charges')).toBeUndefined()
  })

  it('did not count under 2026.12.5, and never count when one charge is general', () => {
    expect(points(fraud('FR'), 'specific-checkable-charges', V5)).toBeUndefined()
    expect(points(fraud('FR', 'general'), 'specific-checkable-charges')).toBeUndefined()
    const mixed = redNotice({ requestingCountry: 'FR', charges: [{ category: 'fraud', particulars: 'specific' }, { category: 'extremism' }] })
    expect(points(mixed, 'specific-checkable-charges')).toBeUndefined()
  })

  it('says in words what was read and why it counts', () => {
    const c = contribution(scoreRedNotice(fraud('MD'), ctx('MD'), V6), 'specific-checkable-charges')
    expect(c?.explanation).toMatch(/a charge of category fraud and a charge of category abuse of office/)
    expect(c?.explanation).toMatch(/Moldova \(MD\)/)
    expect(c?.explanation).toMatch(/only in part/)
  })
})

describe('a charge whose particulars name the act', () => {
  it('is not read as undescribed, though the report gives no legal provision; a general one still is', () => {
    const specific = redNotice({ requestingCountry: 'TR', charges: [{ category: 'drugs', particulars: 'specific' }] })
    expect(points(specific, 'insufficient-description')).toBeUndefined()
    expect(points(specific, 'insufficient-description', V5)).toBe(8)
    const both = redNotice({ requestingCountry: 'TR', charges: [{ category: 'drugs', particulars: 'specific' }, { category: 'extremism', particulars: 'general' }] })
    const c = contribution(scoreRedNotice(both, { requestingCountry: null, linked: NO_LINKED_REPORTS }, V6), 'insufficient-description')
    expect(c?.points).toBe(8)
    expect(c?.evidence).toEqual(['/charges/1/legalProvision=null', '/charges/1/particulars=general'])
  })
})
