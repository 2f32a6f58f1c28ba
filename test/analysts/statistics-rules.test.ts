import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HttpProblem } from '../../src/errors.ts'
import { indicatorClassPublished, reportClassPublished } from '../../src/statistics/release-rules.ts'
import { statisticsFilter, toGroup } from '../../src/statistics/statistics.ts'
import { allFilters, Reference, setOf, smallDifferences, type Endpoint, type PublishedSet, type StatRecord } from './statistics-reference.ts'

describe('the publication rule', () => {
  it('publishes a report class of at least k reports', () => {
    expect(reportClassPublished(4, 5)).toBe(false)
    expect(reportClassPublished(5, 5)).toBe(true)
  })

  it.each([
    [5, 5, 5, true], // every report of the class has the indicator
    [5, 10, 5, true], // 5 with, 5 without
    [4, 10, 5, false], // too few with it
    [7, 10, 5, false], // 3 without it: "class minus indicator" would single them out
    [5, 4, 5, false], // (cannot happen: the class itself is unpublished)
    [2, 3, 1, true] // k = 1 publishes everything
  ])('publishes %i reports with the indicator in a class of %i at k = %i: %s', (n, cell, k, expected) => {
    expect(indicatorClassPublished(n, cell, k)).toBe(expected)
  })
})

describe('statistics query mapping', () => {
  it('turns months into first days, both ends included', () => {
    expect(statisticsFilter({ createdFrom: '2025-01', createdTo: '2025-03', band: 'high' })).toMatchObject({ fromMonth: '2025-01-01', toMonth: '2025-03-01', band: 'high' })
  })

  it('refuses an empty month range naming createdTo', () => {
    try {
      statisticsFilter({ createdFrom: '2025-03', createdTo: '2025-02' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(HttpProblem)
      expect(JSON.stringify(err)).toContain('/createdTo')
    }
  })

  it('rounds the mean to one decimal and adds the bands up', () => {
    expect(toGroup({ key: 'RU', bands: { low: 1, elevated: 0, high: 2, critical: 3 }, scoreSum: 400 })).toEqual({
      count: 6, bands: { low: 1, elevated: 0, high: 2, critical: 3 }, meanScore: 66.7
    })
  })
})

/** Random small worlds: the rule itself must make every nested difference 0 or >= k, whatever the data. */
describe('the release over random datasets (property)', () => {
  const COUNTRIES = ['RU', 'TR']
  const MECHANISMS = ['red_notice', 'diffusion']
  // Few dimension values, so classes hold several reports and the rule's edge cases (n or cell − n just under k) arise.
  const MONTHS = ['2025-01', '2025-02']
  const INDICATORS = ['a', 'b']
  const recordArb = fc.record({
    country: fc.constantFrom(...COUNTRIES),
    mechanism: fc.constantFrom(...MECHANISMS),
    month: fc.constantFrom(...MONTHS),
    band: fc.constantFrom('low' as const, 'high' as const),
    score: fc.integer({ min: 0, max: 100 }),
    indicators: fc.subarray(INDICATORS)
  })
  const filters = allFilters({ countries: COUNTRIES, mechanisms: MECHANISMS, indicators: INDICATORS, months: MONTHS })
    .filter((f) => f.band === undefined || f.band === 'high' || f.band === 'low')

  it('publishes only groups of at least k, and no two nested published sets differ by 1..k-1', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 40, maxLength: 160 }), fc.integer({ min: 2, max: 5 }), (raw, k) => {
      const records: StatRecord[] = raw.map((r, index) => ({ ...r, index, id: randomUUID(), createdAt: `${r.month}-10T00:00:00Z` }))
      const reference = new Reference(records, k)
      const sets = new Map<string, PublishedSet>()
      for (const endpoint of ['countries', 'indicators', 'timeline'] as Endpoint[]) {
        for (const f of filters) {
          for (const [key, { records: group, indicator }] of reference.expected(endpoint, f)) {
            if (group.length < k) return false
            const members = setOf(group)
            sets.set(`${indicator ?? ''}:${members.toString(36)}`, { label: `${endpoint} ${JSON.stringify(f)} ${key}`, indicator, members, size: group.length })
          }
        }
      }
      return smallDifferences([...sets.values()], k).length === 0
    }), { numRuns: 40 })
  })
})
