import { describe, expect, it } from 'vitest'
import { rulesetByVersion, scoreRedNotice } from '../../src/domain/index.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'
import { changedIndicators, withOnly } from '../../eval/lib/ruleset-steps.ts'
import { contribution, country, redNotice } from '../domain/fixtures.ts'

const V6 = rulesetByVersion('2026.12.6')
const V7 = rulesetByVersion('2026.12.7')
if (V6 === undefined || V7 === undefined) throw new Error('rulesets 2026.12.6 and 2026.12.7 must be registered')

describe('taking a ruleset change apart', () => {
  it('finds exactly the indicators a version changes', () => {
    expect([...changedIndicators(V6, V7)].sort()).toEqual(['economic-charge-with-profile', 'status-context-timing'])
    expect(changedIndicators(V7, V7)).toEqual([])
  })

  it('applies one changed indicator and keeps the base for the others', () => {
    const formerOfficial = redNotice({ requestingCountry: 'UA', subject: { profiles: ['former_official'] }, charges: [{ category: 'economic', particulars: 'general' }] })
    const ctx = { requestingCountry: country('UA'), linked: NO_LINKED_REPORTS }
    const only = withOnly(['economic-charge-with-profile'], V6, V7, 'economic only')
    const r = scoreRedNotice(formerOfficial, ctx, only)
    expect(contribution(r, 'economic-charge-with-profile')).toBeUndefined()
    expect(contribution(r, 'status-context-timing')?.points).toBe(12)
    expect(only.redNotice.catalogue.map(i => i.id)).toEqual(V6.redNotice.catalogue.map(i => i.id))
  })

  it('adds an indicator the base does not have', () => {
    const base = { ...V6, redNotice: { ...V6.redNotice, catalogue: V6.redNotice.catalogue.filter(i => i.id !== 'status-context-timing') } }
    const stepped = withOnly(['status-context-timing'], base, V7, 'added')
    expect(stepped.redNotice.catalogue.at(-1)?.id).toBe('status-context-timing')
    expect(stepped.redNotice.rules['status-context-timing']).toBe(V7.redNotice.rules['status-context-timing'])
  })
})
