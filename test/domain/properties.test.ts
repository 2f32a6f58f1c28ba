import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ASSURANCE_INDICATORS, bandFor, clampScore, RED_NOTICE_INDICATORS, RULESET_VERSION, scoreAssurance, scoreRedNotice,
  summariseLinkedReports
} from '../../src/domain/index.ts'
import type { Indicator, ScoreResult } from '../../src/domain/index.ts'
import { assuranceFacts, countryContext, redNoticeFacts, scoringContext } from './arbitraries.ts'
import { aggravatingAssurance, aggravatingRedNotice, mitigatingAssurance, mitigatingRedNotice } from './mutations.ts'

const RUNS = { numRuns: 400 }

function checkShape (r: ScoreResult, catalogue: readonly Indicator[]): void {
  expect(Number.isInteger(r.score)).toBe(true)
  expect(r.score).toBeGreaterThanOrEqual(0)
  expect(r.score).toBeLessThanOrEqual(100)
  expect(r.band).toBe(bandFor(r.score))
  expect(r.rulesetVersion).toBe(RULESET_VERSION)
  expect(r.contributions.reduce((s, c) => s + c.points, 0)).toBe(r.rawTotal)
  expect(r.score).toBe(clampScore(r.rawTotal))
  const order = r.contributions.map(c => catalogue.findIndex(i => i.id === c.indicatorId))
  expect(order.every(i => i >= 0)).toBe(true)
  expect(order).toEqual([...order].sort((a, b) => a - b))
  expect(new Set(order).size).toBe(order.length)
  for (const c of r.contributions) {
    const indicator = catalogue.find(i => i.id === c.indicatorId)
    expect(indicator).toBeDefined()
    expect(Math.sign(c.points)).toBe(indicator?.kind === 'mitigating' ? -1 : 1)
    expect(Math.abs(c.points)).toBeLessThanOrEqual(indicator?.weight ?? 0)
    expect(c.evidence.length).toBeGreaterThan(0)
    expect(c.explanation).toMatch(/\.$/)
  }
}

describe('red-notice score properties', () => {
  it('is an integer in 0..100 with its band, contributions in catalogue order summing to rawTotal', () => {
    fc.assert(fc.property(redNoticeFacts, scoringContext, (f, c) => checkShape(scoreRedNotice(f, c), RED_NOTICE_INDICATORS)), RUNS)
  })

  it('is deterministic and does not mutate its input', () => {
    fc.assert(fc.property(redNoticeFacts, scoringContext, (f, c) => {
      const before = structuredClone({ f, c })
      const first = scoreRedNotice(f, c)
      expect({ f, c }).toEqual(before)
      expect(scoreRedNotice(structuredClone(f), structuredClone(c))).toEqual(first)
    }), RUNS)
  })

  it('never drops when an aggravating fact is added', () => {
    fc.assert(fc.property(redNoticeFacts, scoringContext, aggravatingRedNotice, (f, c, m) => {
      const [f2, c2] = m.apply(f, c)
      const before = scoreRedNotice(f, c)
      const after = scoreRedNotice(f2, c2)
      expect(after.score, m.name).toBeGreaterThanOrEqual(before.score)
      expect(after.rawTotal, m.name).toBeGreaterThanOrEqual(before.rawTotal)
    }), RUNS)
  })

  it('never rises when a mitigating fact is added', () => {
    fc.assert(fc.property(redNoticeFacts, scoringContext, mitigatingRedNotice, (f, c, m) => {
      const [f2, c2] = m.apply(f, c)
      expect(scoreRedNotice(f2, c2).rawTotal, m.name).toBeLessThanOrEqual(scoreRedNotice(f, c).rawTotal)
    }), RUNS)
  })

  it('summarising linked reports does not depend on their order', () => {
    fc.assert(fc.property(fc.array(redNoticeFacts, { maxLength: 4 }), fc.array(redNoticeFacts, { maxLength: 2 }), (same, rel) => {
      expect(summariseLinkedReports([...same].reverse(), rel)).toEqual(summariseLinkedReports(same, rel))
    }), { numRuns: 100 })
  })
})

describe('assurance score properties', () => {
  const actx = fc.record({ givingState: fc.option(countryContext, { nil: null }) })

  it('is an integer in 0..100 with its band, contributions in catalogue order summing to rawTotal', () => {
    fc.assert(fc.property(assuranceFacts, actx, (f, c) => checkShape(scoreAssurance(f, c), ASSURANCE_INDICATORS)), RUNS)
  })

  it('is deterministic', () => {
    fc.assert(fc.property(assuranceFacts, actx, (f, c) => {
      expect(scoreAssurance(structuredClone(f), structuredClone(c))).toEqual(scoreAssurance(f, c))
    }), RUNS)
  })

  it('never drops when an unfavourable answer is added', () => {
    fc.assert(fc.property(assuranceFacts, actx, aggravatingAssurance, (f, c, m) => {
      const [f2, c2] = m.apply(f, c)
      expect(scoreAssurance(f2, c2).rawTotal, m.name).toBeGreaterThanOrEqual(scoreAssurance(f, c).rawTotal)
    }), RUNS)
  })

  it('never rises when a favourable answer is added', () => {
    fc.assert(fc.property(assuranceFacts, actx, mitigatingAssurance, (f, c, m) => {
      const [f2, c2] = m.apply(f, c)
      expect(scoreAssurance(f2, c2).rawTotal, m.name).toBeLessThanOrEqual(scoreAssurance(f, c).rawTotal)
    }), RUNS)
  })
})
