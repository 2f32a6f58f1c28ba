/**
 * The release's partition (src/statistics/release-classes.ts, the twin of refresh_statistics) without a
 * database: its coverage on the seed's distribution, and, over generated data and random filter
 * combinations, that no published group below k can be derived by differencing. The SQL is checked against
 * the same twin, combination by combination, in statistics-suppression.test.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BANDS } from '../../src/statistics/release-rules.ts'
import { assignReleaseClasses, classKey, classSizes } from '../../src/statistics/release-classes.ts'
import { seedReleaseCoverage } from '../../src/statistics/coverage.ts'
import { Reference, setOf, smallDifferences, type Endpoint, type Filters, type PublishedSet, type StatRecord } from './statistics-reference.ts'

const K = 5
const COUNTRIES = ['RU', 'TR', 'BY', 'TJ', 'CN']
const MECHANISMS = ['red_notice', 'diffusion', 'extradition_request']
const MONTHS = ['2023-11', '2024-01', '2024-02', '2024-04', '2024-07', '2024-12', '2025-01', '2025-03']
const INDICATORS = ['a', 'b', 'c']

const recordArb = fc.record({
  country: fc.constantFrom(...COUNTRIES),
  mechanism: fc.constantFrom(...MECHANISMS),
  month: fc.constantFrom(...MONTHS),
  band: fc.constantFrom(...BANDS),
  indicators: fc.subarray(INDICATORS)
})

const filterArb: fc.Arbitrary<Filters> = fc.record({
  requestingCountry: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
  band: fc.option(fc.constantFrom(...BANDS), { nil: undefined }),
  mechanism: fc.option(fc.constantFrom(...MECHANISMS), { nil: undefined }),
  indicator: fc.option(fc.constantFrom(...INDICATORS), { nil: undefined }),
  createdFrom: fc.option(fc.constantFrom(...MONTHS), { nil: undefined }),
  createdTo: fc.option(fc.constantFrom(...MONTHS), { nil: undefined })
}, { requiredKeys: [] }).map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Filters)

function toRecords (raw: Array<{ country: string, mechanism: string, month: string, band: typeof BANDS[number], indicators: string[] }>): StatRecord[] {
  return raw.map((r, index) => ({ index, id: String(index), ...r, createdAt: `${r.month}-15T12:00:00.000Z`, score: 50 }))
}

describe('statistics release partition', () => {
  it('assigns every record one class, and every class it publishes holds k records', () => {
    fc.assert(fc.property(fc.array(recordArb, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (raw, k) => {
      const classes = assignReleaseClasses(raw.map((r) => ({ view: 'report' as const, state: r.country, split: r.mechanism, band: r.band, month: r.month })), k)
      expect(classes).toHaveLength(raw.length)
      const sizes = classSizes(classes)
      // A class never mixes states or bands, and a split class holds one mechanism only.
      classes.forEach((c, i) => {
        expect(c.state).toBe(raw[i]!.country)
        expect(c.band).toBe(raw[i]!.band)
        if (c.split !== 'mixed') expect(c.split).toBe(raw[i]!.mechanism)
      })
      // Pooled years fall below k only when the state's band has nothing else to pool with.
      for (const [key, n] of sizes) {
        if (n >= k || !key.endsWith('|rest')) continue
        const [view, state, , band] = key.split('|')
        expect([...sizes.keys()].filter((other) => other.startsWith(`${view}|${state}|`) && other.split('|')[3] === band && !other.endsWith('|rest'))).toEqual([])
      }
    }), { numRuns: 300 })
  })

  it('lets no combination of filters derive a group below k by differencing, over generated data', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 20, maxLength: 160 }), fc.array(filterArb, { minLength: 10, maxLength: 40 }), (raw, filters) => {
      const reference = new Reference(toRecords(raw), K)
      const published: PublishedSet[] = []
      for (const f of [{}, ...filters]) {
        for (const endpoint of ['countries', 'indicators', 'timeline'] as Endpoint[]) {
          for (const [key, { records, indicator }] of reference.expected(endpoint, f)) {
            expect(records.length).toBeGreaterThanOrEqual(K)
            published.push({ label: `${endpoint} ${JSON.stringify(f)} ${key}`, indicator, members: setOf(records), size: records.length })
          }
        }
      }
      expect(smallDifferences(published, K)).toEqual([])
    }), { numRuns: 150 })
  })

  it('the check bites: publishing every group of k or more after filtering does single out fewer than k', () => {
    const records = toRecords([
      ...Array.from({ length: 6 }, () => ({ country: 'RU', mechanism: 'red_notice', month: '2024-01', band: 'high' as const, indicators: [] })),
      ...Array.from({ length: 2 }, () => ({ country: 'RU', mechanism: 'diffusion', month: '2024-01', band: 'high' as const, indicators: [] }))
    ])
    const all = { label: 'RU', indicator: null, members: setOf(records), size: 8 }
    const redNotices = { label: 'RU red_notice', indicator: null, members: setOf(records.slice(0, 6)), size: 6 }
    expect(smallDifferences([all, redNotices], K)).toHaveLength(1)
    // The release keeps the two diffusions inside a mixed class: a mechanism filter counts nothing.
    const reference = new Reference(records, K)
    expect(reference.expected('countries', { mechanism: 'red_notice' }).size).toBe(0)
    expect(reference.expected('countries', {}).get('RU')?.records).toHaveLength(8)
    expect(classKey(reference.classOf.get(0)!)).toContain('|mixed|')
  })

  it('counts at least 90% of 3,000 seed reports in released groups, and every state with 25 reports or more', () => {
    for (const seed of [1, 2]) {
      const coverage = seedReleaseCoverage({ reports: 3000, seed, k: K, minStateReports: 25 })
      expect(coverage.releasedShare, `seed ${seed}`).toBeGreaterThanOrEqual(0.9)
      expect(coverage.largeStates).toBeGreaterThan(10)
      expect(coverage.largeStatesMissing).toEqual([])
    }
  })
})
