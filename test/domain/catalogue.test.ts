import { describe, expect, it } from 'vitest'
import {
  ASSURANCE_INDICATORS, ASSURANCE_RULES, BAND_THRESHOLDS, bandFor, INDICATORS, listIndicators, listNotScored, NOT_SCORED,
  RED_NOTICE_INDICATORS, RED_NOTICE_RULES, RULESET_VERSION
} from '../../src/domain/index.ts'

describe('indicator catalogue', () => {
  it('has unique, stable kebab-case ids', () => {
    const ids = INDICATORS.map(i => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })

  it('has exactly one rule per indicator, for both kinds of report', () => {
    expect(Object.keys(RED_NOTICE_RULES).sort()).toEqual(RED_NOTICE_INDICATORS.map(i => i.id).sort())
    expect(Object.keys(ASSURANCE_RULES).sort()).toEqual(ASSURANCE_INDICATORS.map(i => i.id).sort())
    expect(RED_NOTICE_INDICATORS.every(i => i.appliesTo === 'red_notice')).toBe(true)
    expect(ASSURANCE_INDICATORS.every(i => i.appliesTo === 'assurance')).toBe(true)
  })

  it.each(INDICATORS.map(i => [i.id, i] as const))('%s is documented, sourced and weighted consistently', (_id, i) => {
    expect(i.weight).toBeGreaterThan(0)
    expect(Number.isInteger(i.weight)).toBe(true)
    expect(i.title.length).toBeGreaterThan(5)
    expect(i.description).toMatch(/\.$/)
    expect(i.weightRationale.length).toBeGreaterThan(20)
    expect(i.basis.length).toBeGreaterThan(5)
    expect(i.sources.length).toBeGreaterThan(0)
    expect(i.reads.length).toBeGreaterThan(0)
    for (const s of i.sources) expect(s.citation.length).toBeGreaterThan(5)
    if (i.tiers !== undefined) {
      expect(Math.max(...i.tiers.map(t => t.points))).toBe(i.weight)
      expect(i.tiers.every(t => t.points > 0 && t.points <= i.weight)).toBe(true)
    }
  })

  it('covers the eleven Othman factors, each citing Othman', () => {
    const aggravating = ASSURANCE_INDICATORS.filter(i => i.kind === 'aggravating')
    const factors = new Set(aggravating.flatMap(i => [...i.basis.matchAll(/factor (\d+)/g)].map(m => Number(m[1]))))
    expect([...factors].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(ASSURANCE_INDICATORS.every(i => i.sources.some(s => s.citation.includes('Othman')))).toBe(true)
  })

  it('keeps unverified sources marked in the catalogue (they are not published)', () => {
    const othman = ASSURANCE_INDICATORS[0]?.sources.find(s => s.citation.includes('Othman (Abu Qatada)'))
    expect(othman?.unverified).toBe(true)
    const military = RED_NOTICE_INDICATORS.find(i => i.id === 'military-offence')
    expect(military?.sources.find(s => s.citation.includes('desertion'))?.unverified).toBe(true)
    const description = RED_NOTICE_INDICATORS.find(i => i.id === 'insufficient-description')
    expect(description?.sources.find(s => s.citation.includes('Art. 83(2)'))?.unverified).toBe(true)
  })

  it('caps red-notice country priors below the elevated threshold', () => {
    const priors = ['requesting-ncb-abuse-record', 'interpol-restrictions', 'rule-of-law-deficit', 'outside-echr', 'torture-treaty-gaps', 'systematic-torture']
    const total = RED_NOTICE_INDICATORS.filter(i => priors.includes(i.id)).reduce((s, i) => s + i.weight, 0)
    expect(total).toBeLessThan(BAND_THRESHOLDS.elevated)
  })

  it('does not score a notice maintained after CCF review, and says why', () => {
    const ccf = NOT_SCORED.find(n => n.topic.includes('CCF review'))
    expect(ccf?.reason).toMatch(/Not mitigating/)
    expect(ccf?.sources.length).toBeGreaterThan(0)
    expect(listNotScored()).toEqual(NOT_SCORED)
  })
})

describe('ruleset', () => {
  it('has a version', () => {
    expect(RULESET_VERSION).toMatch(/^\d{4}\.\d{1,2}\.\d+$/)
  })

  it.each([
    [0, 'low'], [24, 'low'], [25, 'elevated'], [49, 'elevated'], [50, 'high'], [74, 'high'], [75, 'critical'], [100, 'critical']
  ] as const)('bandFor(%i) is %s', (score, band) => {
    expect(bandFor(score)).toBe(band)
  })

  it('publishes the catalogue for GET /v1/indicators, with the version, as copies', () => {
    const all = listIndicators()
    expect(all.map(i => i.id)).toEqual(INDICATORS.map(i => i.id))
    expect(all.every(i => i.rulesetVersion === RULESET_VERSION)).toBe(true)
    expect(listIndicators('assurance').map(i => i.id)).toEqual(ASSURANCE_INDICATORS.map(i => i.id))
    expect(listIndicators('red_notice')).toHaveLength(RED_NOTICE_INDICATORS.length)
    all[0]?.sources.push({ citation: 'mutated', url: 'https://example.org' })
    expect(INDICATORS[0]?.sources.some(s => s.citation === 'mutated')).toBe(false)
  })
})
