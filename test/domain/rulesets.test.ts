import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, NO_LINKED_REPORTS, RULESET_VERSION, RULESETS, rulesetByVersion, scoreRedNotice } from '../../src/domain/index.ts'
import { defaultCountryContext } from '../../src/domain/country-reference.ts'

describe('rulesets as values', () => {
  it('have unique versions, the current one among them', () => {
    const versions = RULESETS.map(r => r.version)
    expect(new Set(versions).size).toBe(versions.length)
    expect(versions).toContain(RULESET_VERSION)
    expect(rulesetByVersion(RULESET_VERSION)).toBe(CURRENT_RULESET)
    expect(rulesetByVersion('1999.1.1')).toBeUndefined()
    expect(rulesetByVersion('2026.11.1')?.version).toBe('2026.11.1')
  })

  it.each(RULESETS.map(r => [r.version, r] as const))('%s has exactly one rule per indicator and ordered band limits', (_v, r) => {
    expect(Object.keys(r.redNotice.rules).sort()).toEqual(r.redNotice.catalogue.map(i => i.id).sort())
    expect(Object.keys(r.assurance.rules).sort()).toEqual(r.assurance.catalogue.map(i => i.id).sort())
    expect(r.bandLimits.elevated).toBeLessThan(r.bandLimits.high)
    expect(r.bandLimits.high).toBeLessThan(r.bandLimits.critical)
  })

  it('scores under the ruleset asked for and says which', () => {
    const facts = { mechanism: 'red_notice' as const, requestingCountry: 'RU', subject: { profiles: ['journalist' as const] }, charges: [], events: [], sources: [] }
    const ctx = { requestingCountry: defaultCountryContext('RU'), linked: NO_LINKED_REPORTS }
    for (const r of RULESETS) expect(scoreRedNotice(facts, ctx, r).rulesetVersion).toBe(r.version)
    expect(scoreRedNotice(facts, ctx).rulesetVersion).toBe(RULESET_VERSION)
  })
})
